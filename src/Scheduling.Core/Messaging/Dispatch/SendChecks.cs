using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The checks made right before sending: the facts of a claimed message read from its batch's context,
/// handed to <see cref="SendRule"/> (the one rule, in the domain), then the frequency caps for the messages
/// the rule lets go. Each refusal names its reason.
/// </summary>
internal static class SendChecks
{
    public static Decision? Refusal(
        ClaimedMessage message,
        DispatchContext context,
        DispatchOptions options,
        Instant now
    )
    {
        ArgumentNullException.ThrowIfNull(message);
        return FromVerdict(SendRule.Decide(Facts(message, context), now)) ?? CapRefusal(message, context, options, now);
    }

    /// <summary>The rule's verdict as the dispatcher's decision; null when the rule lets the message go.</summary>
    internal static Decision? FromVerdict(SendVerdict verdict) =>
        verdict switch
        {
            SendVerdict.Held held => new Decision.Suppress(held.Reason),
            SendVerdict.Waiting waiting => new Decision.Defer(waiting.Until, waiting.Reason),
            _ => null,
        };

    /// <summary>
    /// What the rule decides on, from the batch's context. Every value read here is also in the claim's
    /// fingerprint (MessageQueue), so a change between the claim and the send is seen.
    /// </summary>
    internal static SendCase Facts(ClaimedMessage message, DispatchContext context)
    {
        var outgoing = new OutgoingMessage(
            message.Kind,
            message.Channel,
            message.PlanKey,
            message.NotAfter,
            message.Urgent,
            ToOnCall: message.OnCallContactId is not null,
            AboutSession: message.AppointmentId is not null,
            AboutSurvey: message.SurveyId is not null
        );
        var patient = message.PatientId is { } patientId ? context.Patients.GetValueOrDefault(patientId) : null;
        var appointment = message.AppointmentId is { } id ? context.Appointments.GetValueOrDefault(id) : null;
        var series =
            message.Kind == MessageKind.BookingConfirmation
                ? context.Series.GetValueOrDefault(message.SubjectId)
                : null;
        var survey = message.SurveyId is { } surveyId ? context.Surveys.GetValueOrDefault(surveyId) : null;
        return new SendCase(
            outgoing,
            patient is null
                ? null
                : new Recipient(
                    patient.Consents(message.Channel),
                    patient.CanReceive(message.Channel),
                    message.Urgent ? null : WindowOf(patient, context)
                ),
            appointment is null
                ? null
                : new SessionFacts(appointment.Status, appointment.Revision, appointment.StartInstant),
            series is null ? null : new SeriesFacts(series.State, series.Appointments.Any(IsBooked)),
            survey is null ? null : new SurveyFacts(survey.State, survey.Reason, survey.ExpiresAt)
        );
    }

    private static bool IsBooked(Appointment appointment) => appointment.Status == AppointmentStatus.Booked;

    /// <summary>The clinic's hours in the patient's zone; an unknown zone id throws, failing this message.</summary>
    private static SendingWindow? WindowOf(Patient patient, DispatchContext context) =>
        context.Clinics.TryGetValue(patient.ClinicId, out var clinic)
            ? SendingWindow.Of(patient, clinic, DateTimeZoneProviders.Tzdb)
            : null;

    /// <summary>
    /// Reminder SMS only, by the one rule the booking preview and the patient page also ask
    /// (<see cref="ReminderCaps"/>), over the patient's reminder SMS of every series; what a cap holds back
    /// is recorded as suppressed with its reason. Decided by due instants, not by <paramref name="now"/>,
    /// so the same rows give the same answer in any batch, on any worker, and in the preview.
    /// </summary>
    private static Decision.Suppress? CapRefusal(
        ClaimedMessage message,
        DispatchContext context,
        DispatchOptions options,
        Instant now
    )
    {
        if (!ReminderCaps.Applies(message.Kind, message.Channel) || message.PatientId is not { } patientId)
        {
            return null;
        }

        var candidate = new CappedReminder(
            message.Id,
            message.DueAt,
            message.NotAfter,
            message.PlanKey,
            CapStanding.Open
        );
        var others = context.RecentReminderSms.TryGetValue(patientId, out var list) ? list : [];
        return options.ReminderSmsCaps.Holds(candidate, others)
            ? new Decision.Suppress(MessageReason.FrequencyCap)
            : null;
    }
}
