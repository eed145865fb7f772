using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Messaging.Inbound;

/// <summary>
/// Acts on an SMS a patient sent, once per provider message id (a retried webhook changes nothing), and
/// says what to answer. Opt-outs apply at once to every patient with that number.
/// </summary>
public sealed class InboundSmsHandler(SchedulingDbContext db, IClock clock)
{
    /// <summary>A "C" or "R" is about the next session within this horizon.</summary>
    private static readonly Duration Horizon = Duration.FromDays(30);

    /// <summary>How long after a no-show's rebooking offer an R is read as the answer to it.</summary>
    private static readonly Duration RebookWithin = Duration.FromDays(7);

    public async Task<string?> HandleAsync(
        string providerId,
        string from,
        string to,
        string body,
        CancellationToken cancellationToken
    )
    {
        if (await db.InboundSms.AnyAsync(s => s.ProviderId == providerId, cancellationToken))
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var intent = Keywords.Read(body);
        var patients = await db.Patients.AsNoTracking().Where(p => p.Phone == from).ToListAsync(cancellationToken);
        db.InboundSms.Add(
            new InboundSms
            {
                ProviderId = providerId,
                From = from,
                To = to,
                Body = body.Length > 1600 ? body[..1600] : body,
                ReceivedAt = now,
                PatientId = patients.FirstOrDefault()?.Id,
                Intent = intent,
            }
        );
        var missed =
            intent == InboundIntent.Reschedule ? await MissedSessionAsync(patients, now, cancellationToken) : null;
        var next = missed ?? await NextSessionAsync(patients, now, cancellationToken);
        var clinic = next is null
            ? patients.Count == 0
                ? null
                : await db.Clinics.FindAsync([patients[0].ClinicId], cancellationToken)
            : await db.Clinics.FindAsync([next.ClinicId], cancellationToken);
        var reply = intent switch
        {
            InboundIntent.OptOut => Consent(patients, granted: false, body, now, reply: null),
            InboundIntent.OptIn => Consent(
                patients,
                granted: true,
                body,
                now,
                reply: $"{clinic?.NameInMessages ?? "Clinic"}: "
                    + "you will get appointment texts again. Reply STOP to opt out."
            ),
            InboundIntent.Help => Help(clinic),
            InboundIntent.Confirm when next is not null => Confirm(next, clinic!, now),
            InboundIntent.Reschedule when missed is not null => Rebook(missed, clinic!, now),
            InboundIntent.Reschedule when next is not null => CallBack(next, clinic!, now),
            InboundIntent.RideAndFastingConfirmed
            or InboundIntent.RideOrFastingDeclined
                when next is not null && next.StartInstant - now < Duration.FromHours(36) => RideCheck(
                next,
                clinic!,
                intent == InboundIntent.RideAndFastingConfirmed,
                now
            ),
            _ => $"{clinic?.NameInMessages ?? "Clinic"}: sorry, we did not understand. "
                + "Reply C to confirm your next visit, R to change it, HELP for help, STOP to opt out.",
        };
        await db.SaveChangesAsync(cancellationToken);
        return reply;
    }

    /// <summary>
    /// An R within <see cref="RebookWithin"/> of a "reply R to rebook" offer after a no-show is about the
    /// missed visit, not the next one: the offer asked for exactly this reply.
    /// </summary>
    private async Task<Appointment?> MissedSessionAsync(
        List<Patient> patients,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var ids = patients.Select(p => p.Id).ToList();
        var offered = await db
            .Messages.AsNoTracking()
            .Where(m =>
                m.PatientId != null
                && ids.Contains(m.PatientId.Value)
                && m.Kind == MessageKind.NoShowFollowUp
                && (m.State == MessageState.Sent || m.State == MessageState.Delivered)
                && m.SentAt > now - RebookWithin
            )
            .OrderByDescending(m => m.SentAt)
            .Select(m => m.AppointmentId)
            .FirstOrDefaultAsync(cancellationToken);
        return offered is { } id
            ? await db.Appointments.SingleOrDefaultAsync(
                a => a.Id == id && a.Status == AppointmentStatus.NoShow,
                cancellationToken
            )
            : null;
    }

    private string Rebook(Appointment missed, Clinic clinic, Instant now)
    {
        OpenWorkItem(
            missed,
            WorkItemKind.CallBackRequested,
            "No-show: the patient replied R to rebook the missed visit.",
            now
        );
        return $"{clinic.NameInMessages}: thank you, we will call you to find a new time "
            + $"for the visit you missed on {Wording(missed)}.";
    }

    private async Task<Appointment?> NextSessionAsync(
        List<Patient> patients,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var ids = patients.Select(p => p.Id).ToList();
        return await db
            .Appointments.Where(a =>
                ids.Contains(a.PatientId)
                && a.Status == AppointmentStatus.Booked
                && a.StartInstant > now
                && a.StartInstant < now + Horizon
            )
            .OrderBy(a => a.StartInstant)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private string? Consent(List<Patient> patients, bool granted, string body, Instant now, string? reply)
    {
        foreach (var patient in patients)
        {
            db.ConsentEntries.Add(
                new ConsentEntry
                {
                    PatientId = patient.Id,
                    Channel = Channel.Sms,
                    Granted = granted,
                    RecordedAt = now,
                    Source = ConsentSource.SmsKeyword,
                    Evidence = body.Trim(),
                }
            );
        }

        return reply;
    }

    private static string Help(Clinic? clinic) =>
        $"{clinic?.NameInMessages ?? "Clinic"}: appointment reminders and short surveys, up to a few texts a week. "
        + $"Call {clinic?.Phone ?? "your clinic"} for help. Reply STOP to opt out. Msg&data rates may apply.";

    private static string Confirm(Appointment next, Clinic clinic, Instant now)
    {
        next.ConfirmByPatient(now);
        return $"{clinic.NameInMessages}: thank you, your visit on {Wording(next)} is confirmed.";
    }

    private string CallBack(Appointment next, Clinic clinic, Instant now)
    {
        next.RequestCallBack(now);
        OpenWorkItem(next, WorkItemKind.CallBackRequested, "The patient asked for a new time by SMS.", now);
        return $"{clinic.NameInMessages}: we will call you to find a new time for your visit on {Wording(next)}.";
    }

    private string RideCheck(Appointment next, Clinic clinic, bool confirmed, Instant now)
    {
        next.AnswerDayBeforeCheck(confirmed, now);
        if (confirmed)
        {
            return $"{clinic.NameInMessages}: thank you, see you on {Wording(next)}.";
        }

        OpenWorkItem(
            next,
            WorkItemKind.RideUnconfirmed,
            "The patient answered NO to the day-before check (ride home or eating and drinking).",
            now
        );
        return $"{clinic.NameInMessages}: thank you for telling us. "
            + $"We will call you about your visit on {Wording(next)}.";
    }

    private void OpenWorkItem(Appointment appointment, WorkItemKind kind, string detail, Instant now) =>
        Tasks.Open(
            db,
            new(appointment.ClinicId, appointment.PatientId, kind, appointment.Id, detail, appointment.StartInstant),
            WorkItemCause.NewEvent,
            now
        );

    private static string Wording(Appointment appointment) =>
        appointment.LocalStart.ToString(
            "dddd MMMM d 'at' h:mm tt",
            System.Globalization.CultureInfo.GetCultureInfo("en-US")
        );
}
