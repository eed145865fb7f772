using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Telemetry;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging;

/// <summary>
/// Turns bookings into rows of the messages table, the source of truth for what will be sent. Planning
/// is idempotent by (subject, plan key, channel); a move or a cancel changes rows, it never depends on
/// finding a queued job. Rows are added to the caller's unit of work, so a booking and its messages
/// commit together.
/// </summary>
public sealed class MessagePlanner(SchedulingDbContext db, IClock clock, IDateTimeZoneProvider zones)
{
    /// <summary>
    /// Notices about a change are worth sending for this long; after that the session itself has moved on.
    /// </summary>
    private static readonly Duration NoticeLifetime = Duration.FromHours(24);

    private static readonly Channel[] BothChannels = [Channel.Email, Channel.Sms];

    /// <summary>A rebooking offer later than this would reach a patient who has moved on: dropped instead.</summary>
    private static readonly Duration NoShowOfferLifetime = Duration.FromHours(48);

    /// <summary>The patient's sending window (<see cref="SendingWindow.Of"/>, the one definition).</summary>
    public static SendingWindow WindowFor(Patient patient, Clinic clinic, IDateTimeZoneProvider zones) =>
        SendingWindow.Of(patient, clinic, zones);

    public void PlanNewSeries(Series series, ProtocolTemplate template, Patient patient, Clinic clinic)
    {
        var now = clock.GetCurrentInstant();
        var window = WindowFor(patient, clinic, zones);
        foreach (var channel in BothChannels)
        {
            Add(
                NewRow(
                    series.Id,
                    MessageKind.BookingConfirmation,
                    PlanKey.BookingConfirmation,
                    channel,
                    patient.Id,
                    null,
                    now,
                    series.Appointments.Min(a => a.StartInstant)
                )
            );
        }

        foreach (var appointment in series.Appointments)
        {
            foreach (var message in ReminderSchedule.ForSession(template, appointment.StartInstant, window, now))
            {
                Add(
                    NewRow(
                        appointment.Id,
                        message.Kind,
                        message.PlanKey,
                        message.Channel,
                        patient.Id,
                        appointment.Id,
                        message.DueAt,
                        message.NotAfter
                    )
                );
            }
        }
    }

    /// <summary>
    /// Sessions added to a running series: each one's reminders as at booking (the email reminder carries its invite).
    /// </summary>
    public void PlanAddedSessions(
        IEnumerable<Appointment> added,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic
    )
    {
        ArgumentNullException.ThrowIfNull(added);
        var now = clock.GetCurrentInstant();
        var window = WindowFor(patient, clinic, zones);
        foreach (var appointment in added)
        {
            foreach (var message in ReminderSchedule.ForSession(template, appointment.StartInstant, window, now))
            {
                Add(
                    NewRow(
                        appointment.Id,
                        message.Kind,
                        message.PlanKey,
                        message.Channel,
                        patient.Id,
                        appointment.Id,
                        message.DueAt,
                        message.NotAfter
                    )
                );
            }
        }
    }

    /// <summary>
    /// After a move: every reminder of the old time that is still to be sent is re-timed or suppressed,
    /// the new time's reminders are planned, and a move notice goes out.
    /// </summary>
    public async Task ReplanAfterMoveAsync(
        Appointment appointment,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetCurrentInstant();
        var wanted = ReminderSchedule
            .ForSession(template, appointment.StartInstant, WindowFor(patient, clinic, zones), now)
            .ToDictionary(m => (m.PlanKey, m.Channel));
        var existing = await db
            .Messages.Where(m =>
                m.AppointmentId == appointment.Id
                && (m.Kind == MessageKind.Reminder || m.Kind == MessageKind.DayBeforeCheck)
            )
            .ToListAsync(cancellationToken);
        var olderNotices = await db
            .Messages.Where(m =>
                m.AppointmentId == appointment.Id && m.Kind == MessageKind.MoveNotice && m.State == MessageState.Planned
            )
            .ToListAsync(cancellationToken);
        foreach (var notice in olderNotices)
        {
            notice.Hold(MessageReason.SupersededByLaterMove, now);
        }

        foreach (var row in existing.Where(r => r.State is MessageState.Planned or MessageState.Suppressed))
        {
            if (wanted.Remove((row.PlanKey, row.Channel), out var again))
            {
                row.Replan(again.DueAt, again.NotAfter, now);
            }
            else if (row.State == MessageState.Planned)
            {
                row.Hold(MessageReason.AppointmentMoved, now);
            }
        }

        foreach (
            var message in wanted.Values.Where(m => existing.All(r => (r.PlanKey, r.Channel) != (m.PlanKey, m.Channel)))
        )
        {
            Add(
                NewRow(
                    appointment.Id,
                    message.Kind,
                    message.PlanKey,
                    message.Channel,
                    patient.Id,
                    appointment.Id,
                    message.DueAt,
                    message.NotAfter
                )
            );
        }

        PlanNotice(appointment, MessageKind.MoveNotice, PlanKey.Moved(appointment.Revision), patient.Id, now);
    }

    /// <summary>
    /// After a cancel: nothing more about this session goes out except the cancel notice. Its surveys are the
    /// Surveys module's (<c>SurveyPlanner.SuppressForAppointmentAsync</c>), closed by the caller.
    /// </summary>
    public async Task SuppressAfterCancelAsync(
        Appointment appointment,
        bool notifyPatient,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var now = clock.GetCurrentInstant();
        var pending = await db
            .Messages.Where(m => m.AppointmentId == appointment.Id && m.State == MessageState.Planned)
            .ToListAsync(cancellationToken);
        foreach (var row in pending)
        {
            row.Hold(MessageReason.AppointmentCancelled, now);
        }

        if (notifyPatient && appointment.StartInstant > now)
        {
            PlanNotice(appointment, MessageKind.CancelNotice, PlanKey.Cancelled, appointment.PatientId, now);
        }
    }

    /// <summary>
    /// After a no-show: one "reply R to rebook" SMS, due now; the dispatcher holds it for the patient's
    /// sending window, consent and STOP, and drops it if the no-show is undone. Plan key "NoShow".
    /// </summary>
    public void PlanNoShowOffer(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var now = clock.GetCurrentInstant();
        Add(
            NewRow(
                appointment.Id,
                MessageKind.NoShowFollowUp,
                PlanKey.NoShow,
                Channel.Sms,
                appointment.PatientId,
                appointment.Id,
                now,
                now + NoShowOfferLifetime
            )
        );
    }

    private void PlanNotice(Appointment appointment, MessageKind kind, PlanKey planKey, Guid patientId, Instant now)
    {
        var notAfter = Instant.Min(appointment.StartInstant, now + NoticeLifetime);
        foreach (var channel in BothChannels)
        {
            Add(
                NewRow(
                    appointment.Id,
                    kind,
                    planKey,
                    channel,
                    patientId,
                    appointment.Id,
                    now,
                    kind == MessageKind.CancelNotice ? now + NoticeLifetime : notAfter
                )
            );
        }
    }

    /// <summary>
    /// Each plan key appears once per subject and channel in one planning step, so rows are simply added.
    /// </summary>
    private void Add(PlannedMessage row) => db.Messages.Add(row);

    private PlannedMessage NewRow(
        Guid subjectId,
        MessageKind kind,
        PlanKey planKey,
        Channel channel,
        Guid patientId,
        Guid? appointmentId,
        Instant due,
        Instant notAfter
    )
    {
        var now = clock.GetCurrentInstant();
        return new PlannedMessage(due, notAfter, now)
        {
            SubjectId = subjectId,
            PlanKey = planKey,
            Kind = kind,
            Channel = channel,
            PatientId = patientId,
            AppointmentId = appointmentId,
            TraceParent = SchedulingTelemetry.CurrentTraceParent(),
        };
    }
}
