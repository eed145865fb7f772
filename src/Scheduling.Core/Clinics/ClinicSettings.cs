using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// The settings an administrator changes most: days the clinic is closed, and the window in which
/// patients may be messaged. A closure does not move sessions already booked that day: the answer says
/// how many there are, so the front desk can move them.
/// </summary>
public sealed class ClinicSettings(SchedulingDbContext db, IDateTimeZoneProvider zones, AuditLog audit)
{
    /// <summary>`reason` of at most 200 characters (blank: none).</summary>
    public async Task<Outcome<ClinicClosure>> AddClosureAsync(
        Guid clinicId,
        LocalDate date,
        string? reason,
        CancellationToken cancellationToken
    )
    {
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<ClinicClosure>.NotFound($"There is no clinic {clinicId}.");
        }

        if (await db.Set<ClosedDate>().AnyAsync(d => d.ClinicId == clinicId && d.Date == date, cancellationToken))
        {
            return Outcome<ClinicClosure>.Conflict($"The clinic is already closed on {Iso(date)}.");
        }

        db.Set<ClosedDate>()
            .Add(
                new ClosedDate
                {
                    ClinicId = clinicId,
                    Date = date,
                    Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
                }
            );
        audit.Record("closure-added", nameof(Clinic), clinicId, details: new { date = Iso(date) });
        await db.SaveChangesAsync(cancellationToken);
        var zone = zones[clinic.TimeZoneId];
        var (from, to) = (
            date.AtStartOfDayInZone(zone).ToInstant(),
            date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant()
        );
        var booked = await db.Appointments.CountAsync(
            a =>
                a.ClinicId == clinicId
                && a.Status == AppointmentStatus.Booked
                && a.StartInstant >= from
                && a.StartInstant < to,
            cancellationToken
        );
        return new ClinicClosure(date, reason, booked);
    }

    public async Task<Outcome<ClinicClosure>> RemoveClosureAsync(
        Guid clinicId,
        LocalDate day,
        CancellationToken cancellationToken
    )
    {
        var closure = await db.Set<ClosedDate>()
            .SingleOrDefaultAsync(d => d.ClinicId == clinicId && d.Date == day, cancellationToken);
        if (closure is null)
        {
            return Outcome<ClinicClosure>.NotFound($"The clinic {clinicId} is not closed on {Iso(day)}.");
        }

        db.Remove(closure);
        audit.Record("closure-removed", nameof(Clinic), clinicId, details: new { date = Iso(day) });
        await db.SaveChangesAsync(cancellationToken);
        return new ClinicClosure(day, closure.Reason, 0);
    }

    /// <summary>Applies to messages planned from now on; messages already planned keep their times.</summary>
    public async Task<Outcome<SendingWindow>> SetSendingWindowAsync(
        Guid clinicId,
        SendingWindow window,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(window);
        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<SendingWindow>.NotFound($"There is no clinic {clinicId}.");
        }

        (clinic.SendingWindowStart, clinic.SendingWindowEnd) = (window.Start, window.End);
        audit.Record(
            "sending-window-changed",
            nameof(Clinic),
            clinicId,
            details: new
            {
                start = window.Start.ToString("HH':'mm", CultureInfo.InvariantCulture),
                end = window.End.ToString("HH':'mm", CultureInfo.InvariantCulture),
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        return window;
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}

/// <summary>`BookedSessions`: sessions still booked at the clinic that day, which the closure does not move.</summary>
public sealed record ClinicClosure(LocalDate Date, string? Reason, int BookedSessions);
