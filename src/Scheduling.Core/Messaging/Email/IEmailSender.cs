using Scheduling.Core.Messaging.Calendar;

namespace Scheduling.Core.Messaging.Email;

/// <summary>Hands one email to the mail server; never throws for an outcome it can classify.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One email. MessageId is our planned message's id; it becomes the Message-ID header, so a resend after an unknown
/// outcome can be recognised.
/// </summary>
public sealed record EmailMessage(
    Guid MessageId,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    CalendarInvite? Invite
)
{
    /// <summary>
    /// The Message-ID header without its angle brackets: stable for every attempt at the same message.
    /// </summary>
    public string HeaderId => HeaderIdFor(MessageId);

    public static string HeaderIdFor(Guid messageId) => $"{messageId}@scheduling";
}
