using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The checks made right before sending (docs/domain.md, "Messages"): the session still stands at that
/// time, the patient still consents on that channel, the deadline has not passed, the caps allow it,
/// and it is daytime for the patient. Each refusal names its reason.
/// </summary>
internal static class SendChecks
{
    public static Decision? Refusal(ClaimedMessage message, DispatchContext context, DispatchOptions options, Instant now)
    {
        if (now > message.NotAfter)
        {
            return new Decision.Suppress("DeadlinePassed");
        }

        if (message.OnCallContactId is not null)
        {
            return null;
        }

        if (message.PatientId is not { } patientId || !context.Patients.TryGetValue(patientId, out var patient))
        {
            return new Decision.Suppress("PatientNotFound");
        }

        if (!patient.Consents(message.Channel))
        {
            return new Decision.Suppress("NoConsent");
        }

        if (!patient.CanReceive(message.Channel))
        {
            return new Decision.Suppress("InvalidAddress");
        }

        return SurveyRefusal(message, context, now)
            ?? SessionRefusal(message, context)
            ?? CapRefusal(message, context, options, now)
            ?? WindowRefusal(message, patient, context, now);
    }

    /// <summary>An invitation or reminder for a survey already answered, expired or closed would lead to a dead link.</summary>
    private static Decision.Suppress? SurveyRefusal(ClaimedMessage message, DispatchContext context, Instant now)
    {
        if (message.SurveyId is not { } surveyId)
        {
            return null;
        }

        if (!context.Surveys.TryGetValue(surveyId, out var survey))
        {
            return new Decision.Suppress("SurveyNotFound");
        }

        return survey.State switch
        {
            SurveyState.Completed => new Decision.Suppress("SurveyCompleted"),
            SurveyState.Expired => new Decision.Suppress("SurveyExpired"),
            SurveyState.Suppressed => new Decision.Suppress(survey.Reason ?? "SurveyClosed"),
            _ when now >= survey.ExpiresAt => new Decision.Suppress("SurveyExpired"),
            _ => null,
        };
    }

    private static Decision.Suppress? SessionRefusal(ClaimedMessage message, DispatchContext context)
    {
        if (message.Kind == MessageKind.BookingConfirmation)
        {
            // A confirmation lists the sessions still booked; with none left it would confirm nothing.
            return !context.Series.TryGetValue(message.SubjectId, out var series) || series.State == SeriesState.Cancelled ? new Decision.Suppress("SeriesCancelled")
                : series.Appointments.Any(a => a.Status == AppointmentStatus.Booked) ? null
                : new Decision.Suppress("NoSessionBooked");
        }

        if (message.AppointmentId is not { } appointmentId)
        {
            return null;
        }

        if (!context.Appointments.TryGetValue(appointmentId, out var appointment))
        {
            return new Decision.Suppress("AppointmentNotFound");
        }

        return message.Kind switch
        {
            MessageKind.CancelNotice => appointment.Status == AppointmentStatus.Cancelled ? null : new Decision.Suppress("NoLongerCancelled"),
            MessageKind.MoveNotice when message.PlanKey != $"Moved/{appointment.Revision}" => new Decision.Suppress("SupersededByLaterMove"),

            // A survey follows a session that is held: arrived and completed are what the front desk marks meanwhile.
            MessageKind.SurveyInvitation or MessageKind.SurveyReminder => appointment.Status is AppointmentStatus.Cancelled or AppointmentStatus.NoShow
                ? new Decision.Suppress(appointment.Status == AppointmentStatus.Cancelled ? "AppointmentCancelled" : "AppointmentNoShow")
                : null,
            _ when appointment.Status != AppointmentStatus.Booked => new Decision.Suppress(appointment.Status == AppointmentStatus.Cancelled ? "AppointmentCancelled" : $"Appointment{appointment.Status}"),
            MessageKind.Reminder or MessageKind.DayBeforeCheck when message.NotAfter > appointment.StartInstant => new Decision.Suppress("AppointmentMoved"),
            _ => null,
        };
    }

    /// <summary>
    /// Reminder SMS only, by the one rule the booking preview and the patient page also ask
    /// (<see cref="ReminderCaps"/>), over the patient's reminder SMS of every series; what a cap holds back
    /// is recorded as suppressed with its reason. Decided by due instants, not by <paramref name="now"/>,
    /// so the same rows give the same answer in any batch, on any worker, and in the preview.
    /// </summary>
    private static Decision.Suppress? CapRefusal(ClaimedMessage message, DispatchContext context, DispatchOptions options, Instant now)
    {
        if (!ReminderCaps.Applies(message.Kind, message.Channel) || message.PatientId is not { } patientId)
        {
            return null;
        }

        var candidate = new CappedReminder(
            message.Id, message.DueAt, message.NotAfter, message.PlanKey, CapStanding.Open);
        var others = context.RecentReminderSms.TryGetValue(patientId, out var list) ? list : [];
        return options.ReminderSmsCaps.Holds(candidate, others) ? new Decision.Suppress(ReminderCaps.Reason) : null;
    }

    private static Decision? WindowRefusal(ClaimedMessage message, Patient patient, DispatchContext context, Instant now)
    {
        if (message.Urgent || !context.Clinics.TryGetValue(patient.ClinicId, out var clinic))
        {
            return null;
        }

        var window = new SendingWindow(NodaTime.DateTimeZoneProviders.Tzdb[patient.TimeZoneId], clinic.SendingWindowStart, clinic.SendingWindowEnd);
        if (window.Contains(now))
        {
            return null;
        }

        var local = now.InZone(window.Zone);
        var opens = (local.TimeOfDay < window.Start ? local.Date : local.Date.PlusDays(1)).At(window.Start).InZoneLeniently(window.Zone).ToInstant();
        return opens < message.NotAfter ? new Decision.Defer(opens, "OutsideSendingWindow") : new Decision.Suppress("OutsideSendingWindow");
    }
}
