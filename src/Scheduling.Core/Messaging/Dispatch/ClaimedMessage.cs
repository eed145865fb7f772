using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// A message this worker has claimed to send; it holds the lease until it records an outcome.
/// Fingerprint is what the decision to send rests on, read at the claim (see <see cref="MessageQueue.ConfirmAsync"/>).
/// TraceParent is the W3C traceparent of the work that planned it, which its send continues.
/// </summary>
public sealed record ClaimedMessage(
    Guid Id,
    MessageKind Kind,
    Channel Channel,
    Guid SubjectId,
    PlanKey PlanKey,
    Guid? PatientId,
    Guid? OnCallContactId,
    Guid? AppointmentId,
    Guid? SurveyId,
    Guid? AlertId,
    Instant DueAt,
    Instant NotAfter,
    int Attempts,
    bool Urgent,
    string Fingerprint,
    string? TraceParent = null
);

/// <summary>What happens to a claimed message: sent (with the provider's answer), held back, or tried later.</summary>
public abstract record Decision
{
    /// <summary>
    /// <paramref name="Link"/> is the survey link the payload carries, <paramref name="PageLink"/> the link to the
    /// patient's own page for the session; their hashes are committed before the send.
    /// </summary>
    public sealed record Send(
        object Payload,
        string Recipient,
        NewSurveyLink? Link = null,
        NewPatientLink? PageLink = null
    ) : Decision;

    /// <summary>Not sent, on purpose: the reason says why (cancelled, no consent, cap, deadline).</summary>
    public sealed record Suppress(MessageReason Reason) : Decision;

    /// <summary>Our own fault, not the provider's: e.g. a template that fails the discretion check.</summary>
    public sealed record Fail(MessageReason Reason, string Error) : Decision;

    /// <summary>Due outside the patient's sending window: back to planned until the window opens.</summary>
    public sealed record Defer(Instant Until, MessageReason Reason) : Decision;
}

/// <summary>
/// A link minted for one message: the raw token is only in the payload, the hash goes to the database.
/// <paramref name="Offer"/>: the link of a waitlist offer (/w/{token}), whose SurveyId is the offer's id.
/// </summary>
public sealed record NewSurveyLink(Guid SurveyId, Guid MessageId, byte[] TokenHash, bool Offer = false);

/// <summary>
/// A link to the patient's own page for one session (/p/{token}), minted for one message like a survey link.
/// </summary>
public sealed record NewPatientLink(Guid AppointmentId, Guid MessageId, byte[] TokenHash);
