using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Booking;

/// <summary>
/// The front desk's changes to booked sessions and series: list, cancel, ride, status. Every change is audited.
/// </summary>
public sealed class AppointmentBook(
    SchedulingDbContext db,
    MessagePlanner messages,
    SurveyPlanner surveys,
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

        if (series.State == SeriesState.Cancelled)
        {
            return Outcome<SeriesView>.Conflict("This series is already cancelled.");
        }

        var now = clock.GetCurrentInstant();
        foreach (
            var appointment in series.Appointments.Where(a =>
                a.Status == AppointmentStatus.Booked && a.StartInstant > now
            )
        )
        {
            await CancelOneAsync(appointment, reason, now, cancellationToken);
        }

        series.State = SeriesState.Cancelled;
        series.CancelledAt = now;
        series.CancelReason = reason;
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
                    if (appointment.Status != AppointmentStatus.Booked)
                    {
                        return $"A session that is {appointment.Status} cannot be cancelled.";
                    }

                    await CancelOneAsync(appointment, reason, now, cancellationToken);
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
                    appointment.RideConfirmed = confirmed;
                    appointment.RideConfirmedAt = now;
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
                var allowed = (appointment.Status, status) switch
                {
                    (AppointmentStatus.Booked, AppointmentStatus.Arrived or AppointmentStatus.NoShow) => true,
                    (AppointmentStatus.Arrived, AppointmentStatus.Completed or AppointmentStatus.NoShow) => true,
                    _ => false,
                };
                if (!allowed)
                {
                    return $"A session that is {appointment.Status} cannot become {status}.";
                }

                appointment.Status = status;
                appointment.StatusChangedAt = now;
                if (status == AppointmentStatus.NoShow)
                {
                    await SuppressSessionAsync(appointment, notifyPatient: false, cancellationToken);
                    messages.PlanNoShowOffer(appointment);
                    await OpenCallBackAsync(appointment, now, cancellationToken);
                }

                return null;
            },
            cancellationToken
        );
    }

    /// <summary>A no-show goes on the call-back list to be rebooked (one open task per session, as for R).</summary>
    private async Task OpenCallBackAsync(Appointment appointment, Instant now, CancellationToken cancellationToken)
    {
        var callBack = new WorkItemOpening(
            appointment.ClinicId,
            appointment.PatientId,
            WorkItemKind.CallBackRequested,
            appointment.Id,
            "No-show: call the patient to rebook the missed visit."
        );
        await Tasks.OpenAsync(db, callBack, WorkItemCause.NewEvent, now, cancellationToken);
    }

    private async Task CancelOneAsync(
        Appointment appointment,
        string reason,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        appointment.Status = AppointmentStatus.Cancelled;
        appointment.StatusChangedAt = now;
        appointment.CancelReason = reason;
        appointment.Revision++;
        await SuppressSessionAsync(appointment, notifyPatient: true, cancellationToken);
    }

    /// <summary>A cancelled or missed session: its surveys close, its messages stop (a notice if asked).</summary>
    private async Task SuppressSessionAsync(
        Appointment appointment,
        bool notifyPatient,
        CancellationToken cancellationToken
    )
    {
        await surveys.SuppressForAppointmentAsync(
            appointment,
            appointment.Status == AppointmentStatus.Cancelled
                ? "AppointmentCancelled"
                : $"Appointment{appointment.Status}",
            cancellationToken
        );
        await messages.SuppressAfterCancelAsync(appointment, notifyPatient, cancellationToken);
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
