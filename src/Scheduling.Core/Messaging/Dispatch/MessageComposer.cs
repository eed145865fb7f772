using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Messaging.Calendar;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Decides, for each claimed message, whether it goes and with what words: the checks of
/// <see cref="SendChecks"/>, then the wording <see cref="WordingChoice"/> picks, rendered and its lock-screen
/// text held to the discretion check once more (a wording edited since it was saved cannot leak a diagnosis).
/// </summary>
public sealed class MessageComposer(
    WordingRenderer renderer,
    ContentCheck content,
    IOptions<DispatchOptions> options,
    IOptions<PublicUrlOptions> urls
)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Create("dddd, MMMM d", English);
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.Create("h:mm tt", English);

    public Decision Decide(ClaimedMessage message, DispatchContext context, Instant now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        if (SendChecks.Refusal(message, context, options.Value, now) is { } refusal)
        {
            return refusal;
        }

        var clinic = ClinicOf(message, context);
        var wording = WordingFor(message, context, clinic);
        if (wording is null || clinic is null)
        {
            return new Decision.Fail(MessageReason.NoTemplate, $"No {message.Channel} wording for {message.Kind}.");
        }

        var values = Values(message, context, clinic);
        var link = SurveyLinkFor(message, values);
        var page = PageLinkFor(message, values);
        var body = renderer.Render(wording.Body, values);
        var subject = wording.Subject is null ? null : renderer.Render(wording.Subject, values);
        if (page is not null)
        {
            body = PatientPageLink.Ensure(body, values["link"], message.Channel);
        }

        // The token is random text: it is left out of the check so that chance letters cannot fail a message.
        var token = link?.Token ?? page?.Token;
        var leaked = content.FindOnLockScreen(message.Channel, Without(subject, token), Without(body, token));
        if (leaked.Count > 0)
        {
            var where = message.Channel == Channel.Sms ? "SMS" : "email subject";
            return new Decision.Fail(
                MessageReason.ContentCheck,
                $"The {where} would carry: {string.Join(", ", leaked)}."
            );
        }

        var newLink =
            link is not { } minted ? null
            : message.Kind == MessageKind.WaitlistOffer
                ? new NewSurveyLink(message.SubjectId, message.Id, minted.Hash, Offer: true)
            : new NewSurveyLink(message.SurveyId!.Value, message.Id, minted.Hash);
        var pageLink = page is null
            ? null
            : new NewPatientLink(message.AppointmentId!.Value, message.Id, page.Value.Hash);
        return message.Channel == Channel.Sms
            ? new Decision.Send(new SmsMessage(message.Id, Phone(message, context)!, body), "sms", newLink, pageLink)
            : new Decision.Send(
                new EmailMessage(
                    message.Id,
                    EmailAddress(message, context)!,
                    subject ?? clinic.NameInMessages,
                    body,
                    null,
                    Invite(message, context, clinic, now)
                ),
                "email",
                newLink,
                pageLink
            );
    }

    /// <summary>
    /// A survey message gets a link of its own, minted here, right before the send (docs/survey-planning.md, "Links"):
    /// the raw token exists only in this message's text; its hash is committed before the provider call.
    /// </summary>
    private (string Token, byte[] Hash)? SurveyLinkFor(ClaimedMessage message, Dictionary<string, string> values)
    {
        if (message.Kind == MessageKind.WaitlistOffer)
        {
            // A waitlist offer's link, minted and committed the same way (docs/waitlist.md).
            var offer = SurveyToken.Mint();
            values["link"] = $"{urls.Value.Base}/w/{offer.Token}";
            return offer;
        }

        if (
            message.Kind is not (MessageKind.SurveyInvitation or MessageKind.SurveyReminder)
            || message.SurveyId is null
        )
        {
            return null;
        }

        var minted = SurveyToken.Mint();
        values["link"] = $"{urls.Value.Base}/s/{minted.Token}";
        return minted;
    }

    /// <summary>
    /// A reminder or a move notice gets a link of its own to the patient's page for the session (/p/{token}), minted
    /// as a survey link is (docs/patient-self-service.md); <c>{{ link }}</c> is that page.
    /// </summary>
    private (string Token, byte[] Hash)? PageLinkFor(ClaimedMessage message, Dictionary<string, string> values)
    {
        if (!PatientPageLink.IsCarriedBy(message.Kind) || message.AppointmentId is null)
        {
            return null;
        }

        var minted = SurveyToken.Mint();
        values["link"] = $"{urls.Value.Base}/p/{minted.Token}";
        return minted;
    }

    private static string? Without(string? text, string? token) =>
        text is null || token is null ? text : text.Replace(token, "", StringComparison.Ordinal);

    /// <summary>The wording <see cref="WordingChoice"/> picks for the patient's language at the clinic.</summary>
    private static MessageWording? WordingFor(ClaimedMessage message, DispatchContext context, Clinic? clinic)
    {
        var language =
            message.PatientId is { } p && context.Patients.TryGetValue(p, out var patient) ? patient.Language : null;
        return WordingChoice.For(context.Wordings, clinic?.Id, message.Kind, message.Channel, language)?.Wording;
    }

    private static Clinic? ClinicOf(ClaimedMessage message, DispatchContext context)
    {
        var clinicId =
            message.OnCallContactId is { } contact && context.OnCall.TryGetValue(contact, out var onCall)
                ? onCall.ClinicId
            : message.AppointmentId is { } a && context.Appointments.TryGetValue(a, out var appointment)
                ? appointment.ClinicId
            : message.PatientId is { } p && context.Patients.TryGetValue(p, out var patient) ? patient.ClinicId
            : (Guid?)null;
        return clinicId is { } id && context.Clinics.TryGetValue(id, out var clinic) ? clinic : null;
    }

    private Dictionary<string, string> Values(ClaimedMessage message, DispatchContext context, Clinic clinic)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["clinic"] = clinic.NameInMessages,
            ["clinic_phone"] = clinic.Phone,
            ["first_name"] =
                message.PatientId is { } p && context.Patients.TryGetValue(p, out var patient) ? patient.FirstName : "",
            ["link"] = urls.Value.Base ?? "",
        };
        if (message.AlertId is { } alertId)
        {
            values["link"] = $"{urls.Value.Base}/alerts/{alertId}";
            values["alert_id"] = alertId.ToString();
        }

        if (
            message.SurveyId is { } surveyId
            && context.Surveys.TryGetValue(surveyId, out var survey)
            && message.PatientId is { } owner
            && context.Patients.TryGetValue(owner, out var recipient)
        )
        {
            var expires = survey
                .ExpiresAt.InZone(NodaTime.DateTimeZoneProviders.Tzdb[recipient.TimeZoneId])
                .LocalDateTime;
            values["expires"] = $"{DatePattern.Format(expires.Date)} at {TimePattern.Format(expires.TimeOfDay)}";
        }

        var sessions =
            message.Kind == MessageKind.BookingConfirmation
            && context.Series.TryGetValue(message.SubjectId, out var series)
                ? series
                    .Appointments.Where(a => a.Status == AppointmentStatus.Booked)
                    .OrderBy(a => a.StartInstant)
                    .ToList()
            : message.AppointmentId is { } id && context.Appointments.TryGetValue(id, out var appointment)
                ? [appointment]
            : [];
        if (sessions.Count > 0)
        {
            values["date"] = DatePattern.Format(sessions[0].LocalStart.Date);
            values["time"] = TimePattern.Format(sessions[0].LocalStart.TimeOfDay);
            values["sessions"] = sessions.Count.ToString(CultureInfo.InvariantCulture);
            values["schedule"] = string.Join(
                "\n",
                sessions.Select(a =>
                    $"- {DatePattern.Format(a.LocalStart.Date)} at {TimePattern.Format(a.LocalStart.TimeOfDay)}"
                )
            );
            values["preparation"] = Preparation.For(sessions[0].Medication);
        }

        return values;
    }

    private static CalendarInvite? Invite(ClaimedMessage message, DispatchContext context, Clinic clinic, Instant now)
    {
        if (
            message.Kind is not (MessageKind.Reminder or MessageKind.MoveNotice or MessageKind.CancelNotice)
            || message.AppointmentId is not { } id
            || !context.Appointments.TryGetValue(id, out var appointment)
        )
        {
            return null;
        }

        var end = appointment
            .EndInstant.InZone(NodaTime.DateTimeZoneProviders.Tzdb[appointment.TimeZoneId])
            .LocalDateTime;
        var method = message.Kind == MessageKind.CancelNotice ? InviteMethod.Cancel : InviteMethod.Request;
        return new CalendarInvite(
            appointment.Id,
            appointment.Revision,
            method,
            appointment.LocalStart,
            end,
            appointment.TimeZoneId,
            clinic.NameInMessages,
            clinic.NameInMessages,
            now
        );
    }

    private static string? Phone(ClaimedMessage message, DispatchContext context) =>
        message.OnCallContactId is { } c ? context.OnCall[c].Phone : context.Patients[message.PatientId!.Value].Phone;

    private static string? EmailAddress(ClaimedMessage message, DispatchContext context) =>
        message.OnCallContactId is { } c ? context.OnCall[c].Email : context.Patients[message.PatientId!.Value].Email;
}
