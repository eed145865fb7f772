namespace Scheduling.Core.Messaging;

/// <summary>What a provider made of one send, classified so the caller can retry, give up or reconcile.</summary>
public enum SendStatus
{
    /// <summary>The provider took the message; <see cref="SendResult.ProviderId"/> identifies it there.</summary>
    Accepted,

    /// <summary>Nothing reached the provider, or it asked us to come back later: retry with backoff.</summary>
    Transient,

    /// <summary>
    /// The provider refused this message for good: do not retry; see <see cref="SendResult.Reason"/>.
    /// </summary>
    Permanent,

    /// <summary>The whole message was handed over but no answer came back: it may or may not be on its way.</summary>
    Unknown,
}

/// <summary>
/// Why a permanent failure happened, so the caller can fall back to another channel or record an opt-out.
/// </summary>
public enum PermanentReason
{
    OptedOut,
    InvalidAddress,
    MailboxUnavailable,
    Rejected,
}

/// <summary>
/// The outcome of one send. Error is the provider's own words with the recipient's address taken out;
/// ErrorCode is short ("SMTP 550", "Twilio 21610"); Reason is set only for <see cref="SendStatus.Permanent"/>.
/// </summary>
public sealed record SendResult(
    SendStatus Status,
    string? ProviderId,
    string? Error,
    string? ErrorCode,
    PermanentReason? Reason = null
)
{
    /// <summary>
    /// The provider refused our credentials (Twilio 401 / 20003, SMTP 535): a transient failure for the
    /// message, retried until the deadline while ops fix it, and an alarm for ops at once (the watchdog
    /// finds it by the message's reason, <see cref="Domain.Messaging.MessageReason.ProviderAuthentication"/>).
    /// </summary>
    public bool ProviderAuthentication { get; init; }

    public static SendResult AuthenticationRefused(string error, string? errorCode) =>
        new(SendStatus.Transient, null, error, errorCode) { ProviderAuthentication = true };

    public static SendResult Accepted(string? providerId) => new(SendStatus.Accepted, providerId, null, null);

    public static SendResult Transient(string error, string? errorCode) =>
        new(SendStatus.Transient, null, error, errorCode);

    public static SendResult Permanent(PermanentReason reason, string error, string? errorCode) =>
        new(SendStatus.Permanent, null, error, errorCode, reason);

    public static SendResult Unknown(string error, string? errorCode) =>
        new(SendStatus.Unknown, null, error, errorCode);
}
