using NodaTime;
using Scheduling.Domain.Clinics;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>One stretch of opening hours on a weekday; a day may have several (a lunch break splits them).</summary>
public sealed record OpeningRange(IsoDayOfWeek Day, LocalTime Open, LocalTime Close);

/// <summary>
/// What the planner needs to know about a clinic: its wall clock, when it is open, and its chairs in
/// service in the order the planner tries them.
/// </summary>
public sealed record ClinicCalendar(
    DateTimeZone Zone,
    IReadOnlyList<OpeningRange> OpeningHours,
    IReadOnlySet<LocalDate> ClosedDates,
    IReadOnlyList<Guid> ChairIds
)
{
    /// <summary>The zone is passed in already resolved so the domain never looks up a zone provider.</summary>
    public static ClinicCalendar From(Clinic clinic, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(zone);
        if (!string.Equals(zone.Id, clinic.TimeZoneId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Zone {zone.Id} is not the clinic's zone {clinic.TimeZoneId}.", nameof(zone));
        }

        return new ClinicCalendar(
            zone,
            [.. clinic.OpeningHours.Select(h => new OpeningRange(h.Day, h.Open, h.Close))],
            clinic.ClosedDates.Select(c => c.Date).ToHashSet(),
            [.. clinic.Chairs.Where(c => c.RetiredAt is null).OrderBy(c => c.Number).Select(c => c.Id)]
        );
    }

    public bool IsClosedOn(LocalDate date) => ClosedDates.Contains(date);

    /// <summary>
    /// The whole session must fit in one range of its own day: chair time does not run through a lunch
    /// break or past midnight. Closing time itself is inside (a session may end exactly at close).
    /// </summary>
    public bool IsOpenDuring(LocalDateTime start, LocalDateTime end) =>
        start.Date == end.Date
        && OpeningHours.Any(h => h.Day == start.DayOfWeek && h.Open <= start.TimeOfDay && end.TimeOfDay <= h.Close);
}
