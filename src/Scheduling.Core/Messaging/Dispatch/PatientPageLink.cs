using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Which messages carry the link to the patient's own page for their session, and how it gets into one whose
/// wording has no place for it (docs/patient-self-service.md): the built-in wordings put
/// <c>{{ link }}</c> where it reads best; a clinic's own wording written without it gets the link added at the
/// end, so every reminder and move notice carries it whoever wrote the words.
/// </summary>
public static class PatientPageLink
{
    /// <summary>The line added to an email whose wording does not carry the link.</summary>
    public const string EmailLine = "To confirm, cancel or change your visit: ";

    public static bool IsCarriedBy(MessageKind kind) => kind is MessageKind.Reminder or MessageKind.MoveNotice;

    /// <summary>The rendered body as it is when it carries the link already, otherwise with the link added.</summary>
    public static string Ensure(string body, string link, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(link);
        if (body.Contains(link, StringComparison.Ordinal))
        {
            return body;
        }

        return channel == Channel.Sms ? $"{body.TrimEnd()} {link}" : $"{body.TrimEnd()}\n\n{EmailLine}{link}";
    }
}
