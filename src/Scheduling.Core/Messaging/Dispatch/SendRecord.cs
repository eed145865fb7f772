using NodaTime;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What the dispatcher writes for a claimed message after deciding or trying it (the dispatch side's record, not
/// a use case's <see cref="Contracts.Outcome{T}"/>): its step of the lifecycle (one from Sending), the reason,
/// error, provider id and next try. Attempt is set when a provider was actually tried.
/// </summary>
public sealed record SendRecord(
    MessageTransition Transition,
    MessageReason? Reason,
    string? Error,
    string? ProviderId,
    Instant? NextAttemptAt,
    AttemptResult? Attempt
)
{
    public MessageState State => Transition.To;
}
