using NodaTime;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What a provider's answer means for the message (docs/style.md, example 6): accepted is sent; transient
/// is tried again with growing delays until the deadline or the last attempt; permanent and unknown
/// are recorded and never blindly repeated.
/// </summary>
public static class OutcomePolicy
{
    public static Outcome From(SendResult result, ClaimedMessage message, DispatchOptions options, Instant now)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var error = result.ErrorCode is null ? result.Error : $"{result.ErrorCode}: {result.Error}";
        switch (result.Status)
        {
            case SendStatus.Accepted:
                return new Outcome(MessageState.Sent, null, null, result.ProviderId, null, AttemptOutcome.Accepted);
            case SendStatus.Permanent:
                return new Outcome(MessageState.Failed, result.Reason?.ToString() ?? "Rejected", error, null, null, AttemptOutcome.PermanentFailure);
            case SendStatus.Unknown:
                return new Outcome(MessageState.Unknown, "OutcomeUnknown", error, result.ProviderId, null, AttemptOutcome.Unknown);
            default:
                var attempt = message.Attempts + 1;
                var retryAt = now + RetryDelay(attempt, options);
                return attempt >= options.MaxAttempts || retryAt > message.NotAfter
                    ? new Outcome(MessageState.Failed, attempt >= options.MaxAttempts ? "RetriesExhausted" : "DeadlinePassed", error, null, null, AttemptOutcome.TransientFailure)
                    : new Outcome(MessageState.Planned, null, error, null, retryAt, AttemptOutcome.TransientFailure);
        }
    }

    /// <summary>First delay, doubled each attempt, capped; no jitter is needed since claims are already spread over workers.</summary>
    public static Duration RetryDelay(int attempt, DispatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var delay = options.FirstRetryDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        return Duration.FromTimeSpan(delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay);
    }

    /// <summary>A decision that sends nothing, as an outcome: no attempt is counted.</summary>
    public static Outcome From(Decision decision) => decision switch
    {
        Decision.Suppress s => new Outcome(MessageState.Suppressed, s.Reason, null, null, null, null),
        Decision.Fail f => new Outcome(MessageState.Failed, f.Reason, f.Error, null, null, null),
        Decision.Defer d => new Outcome(MessageState.Planned, null, d.Reason, null, d.Until, null),
        _ => throw new ArgumentException($"{decision} sends a message.", nameof(decision)),
    };
}
