using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Telemetry;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Waitlist;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Booking;

/// <summary>
/// What follows a change to sessions, decided in one place (docs/domain.md, "The life of a session"): every
/// booking, move, cancel and no-show calls this after the session itself took its step, in the caller's unit
/// of work. Messages are planned, re-planned or held; surveys planned, re-planned or closed; the calendar
/// invite follows the session's revision (its SEQUENCE, raised by the step: a move sends an update, a cancel
/// sends METHOD:CANCEL); tasks are opened or closed.
/// </summary>
public sealed class SessionChanges(SchedulingDbContext db, MessagePlanner messages, SurveyPlanner surveys, IActor actor)
{
    /// <summary>The activity under which messages are planned: each keeps its traceparent.</summary>
    public const string PlanningActivity = "messages plan";

    /// <summary>A new series: each session's reminders and confirmation, and the series' surveys.</summary>
    public async Task BookedAsync(
        Series series,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        using var planning = SchedulingTelemetry.Start(PlanningActivity);
        messages.PlanNewSeries(series, template, patient, clinic);
        await surveys.PlanForSeriesAsync(series, template, patient, clinic, cancellationToken);
    }

    /// <summary>
    /// Sessions added to a running series: their reminders as at booking, the series' surveys planned again
    /// for them, and the series' maintenance task done once it has enough sessions to come.
    /// </summary>
    public async Task AddedAsync(
        Series series,
        IReadOnlyList<Appointment> added,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        using var planning = SchedulingTelemetry.Start(PlanningActivity);
        messages.PlanAddedSessions(added, template, patient, clinic);
        await surveys.PlanForSeriesAsync(series, template, patient, clinic, cancellationToken);
        await CloseMaintenanceTaskAsync(series, now, cancellationToken);
    }

    /// <summary>
    /// A session moved (alone, or as one of the rest of a series): reminders of the old time re-timed or held,
    /// the new time's planned, a move notice (the invite's update at the new revision), its surveys re-planned.
    /// </summary>
    public async Task MovedAsync(
        Appointment appointment,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        using var planning = SchedulingTelemetry.Start(PlanningActivity);
        await messages.ReplanAfterMoveAsync(appointment, template, patient, clinic, cancellationToken);
        await surveys.ReplanAfterMoveAsync(appointment, template, patient, clinic, cancellationToken);
    }

    /// <summary>
    /// A session cancelled (alone or with its series): its surveys close, nothing more about it goes out but
    /// the cancel notice (the invite's METHOD:CANCEL) when it was still to come, and its chair time, when still
    /// to come, is recorded for the waitlist.
    /// </summary>
    public async Task CancelledAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        await surveys.SuppressForAppointmentAsync(appointment, "AppointmentCancelled", cancellationToken);
        await messages.SuppressAfterCancelAsync(appointment, notifyPatient: true, cancellationToken);

        // Chair time freed ahead of its start is offered to the waitlist (docs/waitlist.md) by the offer round.
        if (ChairOpening.Freed(appointment) is { } opening)
        {
            db.ChairOpenings.Add(opening);
        }
    }

    /// <summary>
    /// A no-show: its surveys close and its messages are held without a notice, one "reply R to rebook" offer
    /// is planned, and the session goes on the call-back list (one open task per session, as for R).
    /// </summary>
    public async Task NoShowAsync(Appointment appointment, Instant now, CancellationToken cancellationToken)
    {
        await surveys.SuppressForAppointmentAsync(appointment, $"Appointment{appointment.Status}", cancellationToken);
        await messages.SuppressAfterCancelAsync(appointment, notifyPatient: false, cancellationToken);
        messages.PlanNoShowOffer(appointment);
        await OpenCallBackAsync(appointment, now, cancellationToken);
    }

    private async Task OpenCallBackAsync(Appointment appointment, Instant now, CancellationToken cancellationToken)
    {
        await Tasks.OpenAsync(
            db,
            new WorkItemOpening(
                appointment.ClinicId,
                appointment.PatientId,
                WorkItemKind.CallBackRequested,
                appointment.Id,
                "No-show: call the patient to rebook the missed visit."
            ),
            WorkItemCause.NewEvent,
            now,
            cancellationToken
        );
    }

    /// <summary>The task on the maintenance list is done once the series again has two sessions to come.</summary>
    private async Task CloseMaintenanceTaskAsync(Series series, Instant now, CancellationToken cancellationToken)
    {
        var toCome = series.Appointments.Count(a => a.Status == AppointmentStatus.Booked && a.StartInstant > now);
        if (toCome < MaintenanceJob.SessionsLeft)
        {
            return;
        }

        var open = await db
            .WorkItems.Where(w =>
                w.Kind == WorkItemKind.MaintenanceRunningOut
                && w.SubjectId == series.Id
                && w.State == WorkItemState.Open
            )
            .ToListAsync(cancellationToken);
        open.ForEach(item => item.Resolve(now, actor.Id));
    }
}
