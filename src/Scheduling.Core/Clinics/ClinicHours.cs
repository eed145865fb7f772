using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// A clinic's weekly opening hours, replaced as a whole and checked as clinic creation checks them. Like a
/// closure, new hours do not move sessions already booked: the answer says how many future booked sessions
/// now fall outside them, so the front desk can move them.
/// </summary>
public sealed class ClinicHours(SchedulingDbContext db, IDateTimeZoneProvider zones, IClock clock, AuditLog audit)
{
    /// <summary>The week as read: at least one stretch, none overlapping another of its day.</summary>
    public async Task<Outcome<OpeningHoursReplaced>> ReplaceAsync(
        Guid clinicId,
        IReadOnlyList<OpeningRange> week,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(week);
        var hours = week.Select(h => h.ToRow(clinicId)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var clinic = await db.LockClinicAsync(clinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<OpeningHoursReplaced>.NotFound($"There is no clinic {clinicId}.");
        }

        await db.Set<OpeningHours>().Where(h => h.ClinicId == clinicId).ExecuteDeleteAsync(cancellationToken);
        db.Set<OpeningHours>().AddRange(hours);
        var ordered = week.OrderBy(h => h.Day).ThenBy(h => h.Open).ToList();
        var details = ordered.Select(h => new
        {
            day = h.Day.ToString(),
            open = h.Open.ToString("HH':'mm", CultureInfo.InvariantCulture),
            close = h.Close.ToString("HH':'mm", CultureInfo.InvariantCulture),
        });
        audit.Record("opening-hours-changed", nameof(Clinic), clinicId, details: new { openingHours = details });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OpeningHoursReplaced(ordered, await OutsideAsync(clinic, hours, cancellationToken));
    }

    /// <summary>Future booked sessions that no stretch of the hours holds whole, by the planner's own rule.</summary>
    private async Task<int> OutsideAsync(
        Clinic clinic,
        IReadOnlyList<OpeningHours> hours,
        CancellationToken cancellationToken
    )
    {
        var zone = zones[clinic.TimeZoneId];
        var calendar = new ClinicCalendar(
            zone,
            [.. hours.Select(h => new OpeningRange(h.Day, h.Open, h.Close))],
            new HashSet<LocalDate>(),
            []
        );
        var now = clock.GetCurrentInstant();
        var booked = await db
            .Appointments.AsNoTracking()
            .Where(a => a.ClinicId == clinic.Id && a.Status == AppointmentStatus.Booked && a.StartInstant >= now)
            .Select(a => new { a.StartInstant, a.EndInstant })
            .ToListAsync(cancellationToken);
        return booked.Count(a =>
            !calendar.IsOpenDuring(a.StartInstant.InZone(zone).LocalDateTime, a.EndInstant.InZone(zone).LocalDateTime)
        );
    }
}

/// <summary>
/// `bookedOutside`: future sessions still booked that the new hours do not hold, which the change does not move.
/// </summary>
public sealed record OpeningHoursReplaced(IReadOnlyList<OpeningRange> OpeningHours, int BookedOutside);
