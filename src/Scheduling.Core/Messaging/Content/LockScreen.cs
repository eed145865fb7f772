using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// Which text of a message a lock screen shows, and so which text gets the discretion check (docs/domain.md,
/// "Messages"): an SMS's body, an email's subject. The one place that decides it, for a wording when it is
/// saved or listed, for a clinic's name rendered into every wording, and for a message right before it is sent.
/// </summary>
public static class LockScreen
{
    public static WordingPart Part(Channel channel) => channel == Channel.Sms ? WordingPart.Body : WordingPart.Subject;

    public static string? Text(Channel channel, string? subject, string? body) =>
        Part(channel) == WordingPart.Body ? body : subject;
}

/// <summary>The two texts of a wording: an email's subject line, and the body every message has.</summary>
public enum WordingPart
{
    Subject,
    Body,
}
