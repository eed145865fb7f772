using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// The wording every clinic starts with (English). SMS carry the minimum: clinic, date and time, reply
/// options; no drug and no diagnosis, neither there nor in an email subject. A clinic's own or a shared
/// wording replaces these as <see cref="WordingChoice"/> says.
/// </summary>
public static class DefaultWordings
{
    private const string SmsFooter = " Reply STOP to opt out.";

    /// <summary>The patient's own page for the session (/p/{token}); see Dispatch.PatientPageLink.</summary>
    private const string PageLine =
        "To confirm, cancel or change your visit: {{ link }}\nOr call us on {{ clinic_phone }}.";

    /// <summary>The built-in wording of this kind on this channel, in English; none where no message is sent.</summary>
    public static MessageWording? For(MessageKind kind, Channel channel) =>
        Text(kind, channel) is { } text
            ? new MessageWording
            {
                Kind = kind,
                Channel = channel,
                Language = WordingChoice.DefaultLanguage,
                Subject = text.Subject,
                Body = text.Body,
            }
            : null;

    private static MessageWording? Text(MessageKind kind, Channel channel) =>
        (kind, channel) switch
        {
            (MessageKind.BookingConfirmation, Channel.Sms) => Sms(
                "{{ clinic }}: your {{ sessions }} visits are booked, "
                    + "the first on {{ date }} at {{ time }}. Reply C to confirm, R to change."
                    + SmsFooter
            ),
            (MessageKind.BookingConfirmation, Channel.Email) => Email(
                "Your appointments at {{ clinic }}",
                "Hello {{ first_name }},\n\nYour {{ sessions }} visits at {{ clinic }} are "
                    + "booked:\n{{ schedule }}\n\n{{ preparation }}\n\nTo change a visit, "
                    + "call us on {{ clinic_phone }}.\n\n{{ clinic }}"
            ),
            (MessageKind.Reminder, Channel.Sms) => Sms(
                "{{ clinic }}: reminder of your visit on {{ date }} at {{ time }}. Reply C to confirm, R to change, "
                    + "or see {{ link }}"
                    + SmsFooter
            ),
            (MessageKind.Reminder, Channel.Email) => Email(
                "Reminder: your visit at {{ clinic }} on {{ date }}",
                "Hello {{ first_name }},\n\nThis is a reminder of your visit at {{ clinic }} on {{ date }} at "
                    + "{{ time }}.\n\n{{ preparation }}\n\n"
                    + PageLine
                    + "\n\n{{ clinic }}"
            ),
            (MessageKind.DayBeforeCheck, Channel.Sms) => Sms(
                "{{ clinic }}: your visit is tomorrow at {{ time }}. Do you have a ride home, "
                    + "and will you follow the eating and drinking instructions? Reply YES or NO."
                    + SmsFooter
            ),
            (MessageKind.DayBeforeCheck, Channel.Email) => Email(
                "Your visit at {{ clinic }} tomorrow",
                "Hello {{ first_name }},\n\nYour visit is tomorrow, {{ date }} at {{ time }}. Please make sure someone "
                    + "can drive you home, and follow the eating and drinking instructions:\n\n{{ preparation }}\n\nIf "
                    + "either is a problem, call us on {{ clinic_phone }}.\n\n{{ clinic }}"
            ),
            (MessageKind.MoveNotice, Channel.Sms) => Sms(
                "{{ clinic }}: your visit has moved to {{ date }} at {{ time }}. Reply C to confirm, R to change, "
                    + "or see {{ link }}"
                    + SmsFooter
            ),
            (MessageKind.MoveNotice, Channel.Email) => Email(
                "Your visit at {{ clinic }} has moved",
                "Hello {{ first_name }},\n\nYour visit at {{ clinic }} is now on {{ date }} at {{ time }}. "
                    + "The calendar invite attached replaces the earlier one.\n\n"
                    + PageLine
                    + "\n\n{{ clinic }}"
            ),
            (MessageKind.CancelNotice, Channel.Sms) => Sms(
                "{{ clinic }}: your visit on {{ date }} at {{ time }} is cancelled. "
                    + "Call {{ clinic_phone }} to book again."
                    + SmsFooter
            ),
            (MessageKind.CancelNotice, Channel.Email) => Email(
                "Your visit at {{ clinic }} is cancelled",
                "Hello {{ first_name }},\n\nYour visit at {{ clinic }} on {{ date }} at {{ time }} is cancelled. "
                    + "Call us on {{ clinic_phone }} to book again.\n\n{{ clinic }}"
            ),
            (MessageKind.NoShowFollowUp, Channel.Sms) => Sms(
                "{{ clinic }}: we missed you at your visit on {{ date }} at {{ time }}. "
                    + "Reply R to rebook and we will call you."
                    + SmsFooter
            ),
            (MessageKind.WaitlistOffer, Channel.Sms) => Sms(
                "{{ clinic }}: a visit time has opened on {{ date }} at {{ time }}. Reply YES to take it "
                    + "or book at {{ link }} (first come, first served)."
                    + SmsFooter
            ),
            (MessageKind.WaitlistOffer, Channel.Email) => Email(
                "A visit time has opened at {{ clinic }}",
                "Hello {{ first_name }},\n\nA visit time has opened at {{ clinic }} on {{ date }} at {{ time }}, "
                    + "with the rest of your visits to follow. To take it, open:\n{{ link }}\n\nThe first patient "
                    + "to answer gets it; the offer lapses after a short while.\n\n{{ clinic }}"
            ),
            (MessageKind.SurveyInvitation or MessageKind.SurveyReminder, Channel.Sms) => Sms(
                "{{ clinic }}: a few short questions about how you are: {{ link }}" + SmsFooter
            ),
            (MessageKind.SurveyInvitation or MessageKind.SurveyReminder, Channel.Email) => Email(
                "A few questions from {{ clinic }}",
                "Hello {{ first_name }},\n\nPlease tell us how you are doing; it takes a few "
                    + "minutes:\n{{ link }}\n\nThe link works once and expires on {{ expires }}.\n\n{{ clinic }}"
            ),
            (MessageKind.SafetyAlert, Channel.Sms) => Sms(
                "URGENT {{ clinic }}: a patient's survey answer needs a clinician now. Open {{ link }}"
            ),
            (MessageKind.SafetyAlert, Channel.Email) => Email(
                "URGENT: a patient needs a clinician",
                "A patient's answer on a survey needs a clinician's attention now.\n\nOpen the alert: "
                    + "{{ link }}\n\n{{ clinic }}"
            ),
            _ => null,
        };

    private static MessageWording Sms(string body) => new() { Body = body, Channel = Channel.Sms };

    private static MessageWording Email(string subject, string body) =>
        new()
        {
            Subject = subject,
            Body = body,
            Channel = Channel.Email,
        };
}
