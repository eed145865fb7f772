using MimeKit;
using MimeKit.Text;
using Scheduling.Core.Messaging.Calendar;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// Builds the MIME message: text and HTML as alternatives and, with an invite, the iTIP part that mail
/// clients turn into "add to calendar" (inside the alternative, as Outlook and Gmail expect) plus the same
/// calendar as invite.ics for clients that only offer attachments.
/// </summary>
public static class MimeMessageFactory
{
    public const string InviteFileName = "invite.ics";

    /// <summary>Strict: a domain is required, as when contacts are checked at save.</summary>
    private static readonly ParserOptions AddressParser = new() { AllowAddressesWithoutDomain = false };

    /// <summary>
    /// The recipient as MimeKit reads it, or null when it cannot be read as one mailbox (a patient email
    /// such as <c>jane(@example.com</c>): such a message is refused for good as an invalid address, never thrown.
    /// </summary>
    public static MailboxAddress? Recipient(string address) =>
        MailboxAddress.TryParse(AddressParser, address, out var mailbox)
        && mailbox.Address.Contains('@', StringComparison.Ordinal)
            ? mailbox
            : null;

    /// <summary>The MIME message, or null when its recipient cannot be read (see <see cref="Recipient"/>).</summary>
    public static MimeMessage? Create(EmailMessage message, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Recipient(message.To) is not { } to)
        {
            return null;
        }

        var mime = new MimeMessage { MessageId = message.HeaderId, Subject = message.Subject };
        mime.From.Add(from);
        mime.To.Add(to);

        var alternative = new MultipartAlternative { new TextPart(TextFormat.Plain) { Text = message.TextBody } };
        if (message.HtmlBody is not null)
        {
            alternative.Add(new TextPart(TextFormat.Html) { Text = message.HtmlBody });
        }

        if (message.Invite is not { } invite)
        {
            mime.Body = alternative.Count == 1 ? alternative[0] : alternative;
            return mime;
        }

        var calendar = CalendarInviteBuilder.Build(invite, from.Address, to.Address);
        var method = CalendarInviteBuilder.MethodName(invite.Method);
        var inline = new TextPart("calendar") { Text = calendar };
        inline.ContentType.Parameters.Add("method", method);
        inline.ContentType.Charset = "utf-8";
        alternative.Add(inline);

        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = InviteFileName,
        };
        mime.Body = new Multipart("mixed") { alternative, attachment };
        return mime;
    }
}
