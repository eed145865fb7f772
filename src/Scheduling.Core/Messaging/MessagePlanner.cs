using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
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
public sealed class MessagePlanner(SchedulingDbContext db, SurveyPlanner surveys, IClock clock, IDateTimeZoneProvider zones)
{
    /// <summary>Notices about a change are worth sending for this long; after that the session itself has moved on.</summary>
    private static readonly Duration NoticeLifetime = Duration.FromHours(24);

    private static readonly Channel[] BothChannels = [Channel.Email, Channel.Sms];

    public static SendingWindow WindowFor(Patient patient, Clinic clinic, IDateTimeZoneProvider zones) =>
        new(zones[patient.TimeZoneId], clinic.SendingWindowStart, clinic.SendingWindowEnd);

    public void PlanNewSeries(Series series, ProtocolTemplate template, Patient patient, Clinic clinic)
    {
        var now = clock.GetCurrentInstant();
        var window = WindowFor(patient, clinic, zones);
        foreach (var channel in BothChannels)
        {
            Add(NewRow(series.Id, MessageKind.BookingConfirmation, "BookingConfirmation", channel, patient.Id, null, now, series.Appointments.Min(a => a.StartInstant)));
        }

        foreach (var appointment in series.Appointments)
        {
            foreach (var message in ReminderSchedule.ForSession(template, appointment.StartInstant, window, now))
            {
                Add(NewRow(appointment.Id, message.Kind, message.PlanKey, message.Channel, patient.Id, appointment.Id, message.DueAt, message.NotAfter));
            }
        }
    }

    /// <summary>
    /// Sessions added to a running series: each one's reminders as at booking (the email reminder carries its invite).
    /// </summary>
    public void PlanAddedSessions(
        IEnumerable<Appointment> added, ProtocolTemplate template, Patient patient, Clinic clinic)
    {
        ArgumentNullException.ThrowIfNull(added);
        var now = clock.GetCurrentInstant();
        var window = WindowFor(patient, clinic, zones);
        foreach (var appointment in added)
        {
            foreach (var message in ReminderSchedule.ForSession(template, appointment.StartInstant, window, now))
            {
                Add(NewRow(
                    appointment.Id,
                    message.Kind,
                    message.PlanKey,
                    message.Channel,
                    patient.Id,
                    appointment.Id,
                    message.DueAt,
                    message.NotAfter));
            }
        }
    }

    /// <summary>
    /// After a move: every reminder of the old time that is still to be sent is re-timed or suppressed,
    /// the new time's reminders are planned, and a move notice goes out.
    /// </summary>
    public async Task ReplanAfterMoveAsync(Appointment appointment, ProtocolTemplate template, Patient patient, Clinic clinic, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var wanted = ReminderSchedule.ForSession(template, appointment.StartInstant, WindowFor(patient, clinic, zones), now)
            .ToDictionary(m => (m.PlanKey, m.Channel));
        var existing = await db.Messages.Where(m => m.AppointmentId == appointment.Id && (m.Kind == MessageKind.Reminder || m.Kind == MessageKind.DayBeforeCheck)).ToListAsync(cancellationToken);
        var olderNotices = await db.Messages.Where(m => m.AppointmentId == appointment.Id && m.Kind == MessageKind.MoveNotice && m.State == MessageState.Planned).ToListAsync(cancellationToken);
        foreach (var notice in olderNotices)
        {
            Suppress(notice, "SupersededByLaterMove", now);
        }

        foreach (var row in existing.Where(r => r.State is MessageState.Planned or MessageState.Suppressed))
        {
            if (wanted.Remove((row.PlanKey, row.Channel), out var again))
            {
                row.DueAt = again.DueAt;
                row.NotAfter = again.NotAfter;
                row.NextAttemptAt = again.DueAt;
                row.State = MessageState.Planned;
                row.Reason = null;
                row.UpdatedAt = now;
            }
            else if (row.State == MessageState.Planned)
            {
                Suppress(row, "AppointmentMoved", now);
            }
        }

        foreach (var message in wanted.Values.Where(m => existing.All(r => (r.PlanKey, r.Channel) != (m.PlanKey, m.Channel))))
        {
            Add(NewRow(appointment.Id, message.Kind, message.PlanKey, message.Channel, patient.Id, appointment.Id, message.DueAt, message.NotAfter));
        }

        PlanNotice(appointment, MessageKind.MoveNotice, $"Moved/{appointment.Revision}", patient.Id, now);
    }

    /// <summary>After a cancel: nothing more about this session goes out except the cancel notice; its surveys close.</summary>
    public async Task SuppressAfterCancelAsync(Appointment appointment, bool notifyPatient, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await surveys.SuppressForAppointmentAsync(appointment, appointment.Status == AppointmentStatus.Cancelled ? "AppointmentCancelled" : $"Appointment{appointment.Status}", cancellationToken);
        var pending = await db.Messages.Where(m => m.AppointmentId == appointment.Id && m.State == MessageState.Planned).ToListAsync(cancellationToken);
        foreach (var row in pending)
        {
            Suppress(row, "AppointmentCancelled", now);
        }

        if (notifyPatient && appointment.StartInstant > now)
        {
            PlanNotice(appointment, MessageKind.CancelNotice, "Cancelled", appointment.PatientId, now);
        }
    }

    private void PlanNotice(Appointment appointment, MessageKind kind, string planKey, Guid patientId, Instant now)
    {
        var notAfter = Instant.Min(appointment.StartInstant, now + NoticeLifetime);
        foreach (var channel in BothChannels)
        {
            Add(NewRow(appointment.Id, kind, planKey, channel, patientId, appointment.Id, now, kind == MessageKind.CancelNotice ? now + NoticeLifetime : notAfter));
        }
    }

    private static void Suppress(PlannedMessage row, string reason, Instant now)
    {
        row.State = MessageState.Suppressed;
        row.Reason = reason;
        row.UpdatedAt = now;
    }

    /// <summary>Each plan key appears once per subject and channel in one planning step, so rows are simply added.</summary>
    private void Add(PlannedMessage row) => db.Messages.Add(row);

    private PlannedMessage NewRow(Guid subjectId, MessageKind kind, string planKey, Channel channel, Guid patientId, Guid? appointmentId, Instant due, Instant notAfter)
    {
        var now = clock.GetCurrentInstant();
        return new PlannedMessage
        {
            SubjectId = subjectId,
            PlanKey = planKey,
            Kind = kind,
            Channel = channel,
            PatientId = patientId,
            AppointmentId = appointmentId,
            DueAt = due,
            NextAttemptAt = due,
            NotAfter = notAfter,
            State = MessageState.Planned,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
