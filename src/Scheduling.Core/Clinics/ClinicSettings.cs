using Microsoft.EntityFrameworkCore;
using NodaTime;
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
    public async Task<Outcome<ClosureView>> AddClosureAsync(
        Guid clinicId,
        ClosureInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var date = Wire.LocalDate(input?.Date, "date", problems);
        if (input?.Reason is { Length: > 200 })
        {
            problems.Add("reason", "At most 200 characters.");
        }

        if (problems.Any)
        {
            return Outcome<ClosureView>.Invalid(problems.ToDictionary());
        }

        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<ClosureView>.NotFound($"There is no clinic {clinicId}.");
        }

        if (await db.Set<ClosedDate>().AnyAsync(d => d.ClinicId == clinicId && d.Date == date, cancellationToken))
        {
            return Outcome<ClosureView>.Conflict($"The clinic is already closed on {Wire.Format(date!.Value)}.");
        }

        db.Set<ClosedDate>()
            .Add(
                new ClosedDate
                {
                    ClinicId = clinicId,
                    Date = date!.Value,
                    Reason = string.IsNullOrWhiteSpace(input!.Reason) ? null : input.Reason.Trim(),
                }
            );
        audit.Record("closure-added", nameof(Clinic), clinicId, details: new { date = Wire.Format(date.Value) });
        await db.SaveChangesAsync(cancellationToken);
        var zone = zones[clinic.TimeZoneId];
        var (from, to) = (
            date.Value.AtStartOfDayInZone(zone).ToInstant(),
            date.Value.PlusDays(1).AtStartOfDayInZone(zone).ToInstant()
        );
        var booked = await db.Appointments.CountAsync(
            a =>
                a.ClinicId == clinicId
                && a.Status == AppointmentStatus.Booked
                && a.StartInstant >= from
                && a.StartInstant < to,
            cancellationToken
        );
        return new ClosureView(Wire.Format(date.Value), input.Reason, booked);
    }

    public async Task<Outcome<ClosureView>> RemoveClosureAsync(
        Guid clinicId,
        string? date,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var day = Wire.LocalDate(date, "date", problems);
        if (problems.Any)
        {
            return Outcome<ClosureView>.Invalid(problems.ToDictionary());
        }

        var closure = await db.Set<ClosedDate>()
            .SingleOrDefaultAsync(d => d.ClinicId == clinicId && d.Date == day, cancellationToken);
        if (closure is null)
        {
            return Outcome<ClosureView>.NotFound($"The clinic {clinicId} is not closed on {date}.");
        }

        db.Remove(closure);
        audit.Record("closure-removed", nameof(Clinic), clinicId, details: new { date = Wire.Format(day!.Value) });
        await db.SaveChangesAsync(cancellationToken);
        return new ClosureView(Wire.Format(day.Value), closure.Reason, 0);
    }

    /// <summary>Applies to messages planned from now on; messages already planned keep their times.</summary>
    public async Task<Outcome<SendingWindowView>> SetSendingWindowAsync(
        Guid clinicId,
        SendingWindowInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var start = Wire.LocalTime(input?.Start, "start", problems);
        var end = Wire.LocalTime(input?.End, "end", problems);
        if (start is not null && end is not null && start >= end)
        {
            problems.Add("end", "The window must end after it starts, within one day.");
        }

        if (problems.Any)
        {
            return Outcome<SendingWindowView>.Invalid(problems.ToDictionary());
        }

        var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<SendingWindowView>.NotFound($"There is no clinic {clinicId}.");
        }

        (clinic.SendingWindowStart, clinic.SendingWindowEnd) = (start!.Value, end!.Value);
        audit.Record(
            "sending-window-changed",
            nameof(Clinic),
            clinicId,
            details: new { start = Wire.Format(start.Value), end = Wire.Format(end.Value) }
        );
        await db.SaveChangesAsync(cancellationToken);
        return new SendingWindowView(Wire.Format(start.Value), Wire.Format(end.Value));
    }
}

public sealed record ClosureInput(string? Date, string? Reason);

/// <summary>`bookedSessions`: sessions still booked at the clinic that day, which the closure does not move.</summary>
public sealed record ClosureView(string Date, string? Reason, int BookedSessions);
