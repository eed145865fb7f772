using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Messaging;

/// <summary>The wording of one kind of message on one channel; a clinic's own overrides the built-in one.</summary>
public sealed class MessageWording
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? ClinicId { get; init; }
    public MessageKind Kind { get; init; }
    public Channel Channel { get; init; }
    public string Language { get; init; } = "en";

    /// <summary>Email only; lock screens show it, so it is held to the same content check as an SMS.</summary>
    public string? Subject { get; set; }

    public required string Body { get; set; }
    public Instant UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
