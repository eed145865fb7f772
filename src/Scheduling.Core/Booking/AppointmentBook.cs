using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;

namespace Scheduling.Core.Booking;

/// <summary>
/// The front desk's changes to booked sessions and series: list, cancel, ride, status. Every change is audited.
/// </summary>
public sealed class AppointmentBook(
    SchedulingDbContext db,
    SessionChanges changes,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    private const int MaxRangeDays = 62;

    /// <summary>
    /// Sessions starting on the local dates from..to, each clinic's dates in its own zone; one clinic or all of them.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<AppointmentView>>> ListAsync(
        string? from,
        string? to,
        Guid? clinicId,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var first = Wire.LocalDate(from, "from", problems);
        var last = Wire.LocalDate(to, "to", problems);
        if (
            first is not null
            && last is not null
            && (last < first || Period.DaysBetween(first.Value, last.Value) > MaxRangeDays)
        )
        {
            problems.Add("to", $"Expected a date on or after from, at most {MaxRangeDays} days later.");
        }

        if (problems.Any)
        {
            return Outcome<IReadOnlyList<AppointmentView>>.Invalid(problems.ToDictionary());
        }

        var clinics = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .Where(c => clinicId == null || c.Id == clinicId)
            .ToListAsync(cancellationToken);
        if (clinicId is not null && clinics.Count == 0)
        {
            return Outcome<IReadOnlyList<AppointmentView>>.NotFound($"There is no clinic {clinicId}.");
        }

        var sessions = new List<AppointmentView>();
        foreach (var clinic in clinics.OrderBy(c => c.Name))
        {
            var zone = zones[clinic.TimeZoneId];
            var start = first!.Value.AtStartOfDayInZone(zone).ToInstant();
            var end = last!.Value.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            var appointments = await db
                .Appointments.AsNoTracking()
                .Where(a => a.ClinicId == clinic.Id && a.StartInstant >= start && a.StartInstant < end)
                .OrderBy(a => a.StartInstant)
                .ThenBy(a => a.ChairId)
                .ToListAsync(cancellationToken);
            sessions.AddRange(appointments.Select(a => SeriesViews.View(a, clinic)));
        }

        await audit.ListedAsync(
            "Appointments",
            clinicId ?? Guid.Empty,
            sessions.Select(s => s.PatientId),
            cancellationToken,
            new { from = Wire.Format(first!.Value), to = Wire.Format(last!.Value) }
        );
        return sessions;
    }

    public async Task<Outcome<SeriesView>> GetSeriesAsync(Guid id, CancellationToken cancellationToken)
    {
        var series = await db
            .Series.AsNoTracking()
            .Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesView>.NotFound($"There is no series {id}.");
        }

        var clinic = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .SingleAsync(c => c.Id == series.ClinicId, cancellationToken);
        await audit.ViewedAsync(nameof(Series), id, series.PatientId, cancellationToken);
        return SeriesViews.View(series, clinic);
    }

    /// <summary>
    /// Cancels every session still to come; sessions already held (arrived, completed, no-show) stay as they were.
    /// </summary>
    public async Task<Outcome<SeriesView>> CancelSeriesAsync(
        Guid id,
        CancelInput? input,
        CancellationToken cancellationToken
    )
    {
        if (Reason(input) is not { } reason)
        {
            return Outcome<SeriesView>.Invalid("reason", "Say why the series is cancelled (at most 500 characters).");
        }

        var series = await db
            .Series.Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesView>.NotFound($"There is no series {id}.");
        }

        var now = clock.GetCurrentInstant();
        if (series.Cancel(reason, now, out var cancelled) is { } refusal)
        {
            return Outcome<SeriesView>.Conflict(Refusals.Words(refusal, series.TemplateCode));
        }

        foreach (var appointment in cancelled)
        {
            await changes.CancelledAsync(appointment, cancellationToken);
        }

        audit.Record("cancelled", nameof(Series), series.Id, series.PatientId, new { reasonLength = reason.Length });
        await db.SaveChangesAsync(cancellationToken);
        var clinic = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .SingleAsync(c => c.Id == series.ClinicId, cancellationToken);
        return SeriesViews.View(series, clinic);
    }

    public Task<Outcome<AppointmentView>> CancelAsync(
        Guid id,
        CancelInput? input,
        CancellationToken cancellationToken
    ) =>
        Reason(input) is not { } reason
            ? Task.FromResult(
                Outcome<AppointmentView>.Invalid("reason", "Say why the session is cancelled (at most 500 characters).")
            )
            : ChangeAsync(
                id,
                "cancelled",
                async (appointment, now) =>
                {
                    if (appointment.Cancel(reason, now) is { } refusal)
                    {
                        return Refusals.Words(refusal);
                    }

                    await changes.CancelledAsync(appointment, cancellationToken);
                    return null;
                },
                cancellationToken
            );

    public Task<Outcome<AppointmentView>> RideAsync(Guid id, RideInput? input, CancellationToken cancellationToken) =>
        input?.Confirmed is not { } confirmed
            ? Task.FromResult(Outcome<AppointmentView>.Invalid("confirmed", "Expected true or false."))
            : ChangeAsync(
                id,
                confirmed ? "ride-confirmed" : "ride-declined",
                (appointment, now) =>
                {
                    appointment.RecordRide(confirmed, now);
                    return Task.FromResult<string?>(null);
                },
                cancellationToken
            );

    /// <summary>
    /// Arrived, no-show and completed, as the front desk sees them happen. Cancelling has its own call with a reason.
    /// </summary>
    public Task<Outcome<AppointmentView>> SetStatusAsync(
        Guid id,
        StatusInput? input,
        CancellationToken cancellationToken
    )
    {
        if (
            !Enum.TryParse<AppointmentStatus>(input?.Status, ignoreCase: false, out var status)
            || status is AppointmentStatus.Cancelled or AppointmentStatus.Booked
        )
        {
            return Task.FromResult(
                Outcome<AppointmentView>.Invalid("status", "Expected Arrived, NoShow or Completed.")
            );
        }

        return ChangeAsync(
            id,
            $"status-{status}",
            async (appointment, now) =>
            {
                var refusal = status switch
                {
                    AppointmentStatus.Arrived => appointment.Arrive(now),
                    AppointmentStatus.Completed => appointment.Complete(now),
                    _ => appointment.MarkNoShow(now),
                };
                if (refusal is not null)
                {
                    return Refusals.Words(refusal);
                }

                if (status == AppointmentStatus.NoShow)
                {
                    await changes.NoShowAsync(appointment, now, cancellationToken);
                }

                return null;
            },
            cancellationToken
        );
    }

    /// <summary>
    /// Loads, changes, audits and saves one appointment; a concurrent change to the same row is a conflict.
    /// </summary>
    private async Task<Outcome<AppointmentView>> ChangeAsync(
        Guid id,
        string action,
        Func<Appointment, Instant, Task<string?>> change,
        CancellationToken cancellationToken
    )
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appointment is null)
        {
            return Outcome<AppointmentView>.NotFound($"There is no appointment {id}.");
        }

        if (await change(appointment, clock.GetCurrentInstant()) is { } refusal)
        {
            return Outcome<AppointmentView>.Conflict(refusal);
        }

        audit.Record(action, nameof(Appointment), appointment.Id, appointment.PatientId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<AppointmentView>.Conflict(
                "Someone else changed this session at the same moment. Reload and try again."
            );
        }

        var chair = await db.Chairs.AsNoTracking().SingleAsync(c => c.Id == appointment.ChairId, cancellationToken);
        return SeriesViews.View(appointment, chair.Number);
    }

    private static string? Reason(CancelInput? input) =>
        input?.Reason?.Trim() is { Length: > 0 and <= 500 } reason ? reason : null;
}
