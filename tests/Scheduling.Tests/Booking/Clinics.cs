using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Booking;

/// <summary>Small builders for planner tests: a clinic open every day, chairs with readable ids.</summary>
internal static class Clinics
{
    public static readonly Guid Chair1 = ChairId(1);
    public static readonly Guid Chair2 = ChairId(2);

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static Guid ChairId(int number) => new($"00000000-0000-0000-0000-{number:D12}");

    public static ClinicCalendar OpenEveryDay(
        DateTimeZone zone,
        int chairs = 1,
        LocalTime? open = null,
        LocalTime? close = null,
        params LocalDate[] closedDates
    ) =>
        new(
            zone,
            [
                .. Enum.GetValues<IsoDayOfWeek>()
                    .Where(day => day != IsoDayOfWeek.None)
                    .Select(day => new OpeningRange(day, open ?? new LocalTime(8, 0), close ?? new LocalTime(18, 0))),
            ],
            closedDates.ToHashSet(),
            [.. Enumerable.Range(1, chairs).Select(ChairId)]
        );

    public static ProtocolTemplate Template(int sessions, int minDays, int maxDays, int minutes = 100) =>
        new()
        {
            Code = "test",
            Name = "Test protocol",
            SessionCount = sessions,
            MinDaysBetween = minDays,
            MaxDaysBetween = maxDays,
            SessionDuration = Duration.FromMinutes(minutes),
        };

    public static ProtocolTemplate BuiltIn(string code) =>
        BuiltInTemplates.All(Instant.FromUtc(2026, 1, 1, 0, 0)).Single(t => t.Code == code);

    /// <summary>A chair busy from one wall-clock time to another on the same day.</summary>
    public static ChairBooking Busy(ClinicCalendar calendar, Guid chair, LocalDateTime from, LocalDateTime to) =>
        new(chair, calendar.Zone.AtLeniently(from).ToInstant(), calendar.Zone.AtLeniently(to).ToInstant());
}
