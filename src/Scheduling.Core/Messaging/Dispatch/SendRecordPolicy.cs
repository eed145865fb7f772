using NodaTime;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What a provider's answer means for the message (docs/style.md, example 6): accepted is sent; transient
/// is tried again with growing delays until the deadline or the last attempt; permanent and unknown
/// are recorded and never blindly repeated.
/// </summary>
public static class SendRecordPolicy
{
    public static SendRecord From(SendResult result, ClaimedMessage message, DispatchOptions options, Instant now)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var error = result.ErrorCode is null ? result.Error : $"{result.ErrorCode}: {result.Error}";
        switch (result.Status)
        {
            case SendStatus.Accepted:
                return new SendRecord(
                    MessageLifecycle.RecordSent,
                    null,
                    null,
                    result.ProviderId,
                    null,
                    AttemptResult.Accepted
                );
            case SendStatus.Permanent:
                return new SendRecord(
                    MessageLifecycle.RecordFailure,
                    ReasonFor(result.Reason),
                    error,
                    null,
                    null,
                    AttemptResult.PermanentFailure
                );
            case SendStatus.Unknown:
                var (unknown, tried) = (MessageReason.OutcomeUnknown, AttemptResult.Unknown);
                return new SendRecord(MessageLifecycle.RecordUnknown, unknown, error, result.ProviderId, null, tried);
            default:
                // A refused login keeps its reason while it waits, so that the watchdog raises the alarm at once.
                var attempt = message.Attempts + 1;
                var retryAt = now + RetryDelay(attempt, options);
                var authentication = result.ProviderAuthentication ? MessageReason.ProviderAuthentication : null;
                if (attempt < options.MaxAttempts && retryAt <= message.NotAfter)
                {
                    return new SendRecord(
                        MessageLifecycle.ScheduleRetry,
                        authentication,
                        error,
                        null,
                        retryAt,
                        AttemptResult.TransientFailure
                    );
                }

                var reason = authentication
                    ?? (attempt >= options.MaxAttempts ? MessageReason.RetriesExhausted : MessageReason.DeadlinePassed);
                return new SendRecord(
                    MessageLifecycle.RecordFailure,
                    reason,
                    error,
                    null,
                    null,
                    AttemptResult.TransientFailure
                );
        }
    }

    private static MessageReason ReasonFor(PermanentReason? reason) =>
        reason switch
        {
            PermanentReason.OptedOut => MessageReason.OptedOut,
            PermanentReason.InvalidAddress => MessageReason.InvalidAddress,
            PermanentReason.MailboxUnavailable => MessageReason.MailboxUnavailable,
            _ => MessageReason.Rejected,
        };

    /// <summary>
    /// A send that threw instead of answering (docs/style.md, example 19): this message alone fails, with the
    /// exception's type and message as its error, and its follow-up (fallback, work item) runs as for any failure.
    /// Whether the provider got anything is not known, so its attempt is recorded as unknown.
    /// </summary>
    public static SendRecord SendThrew(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var error = Describe(exception);
        return new SendRecord(
            MessageLifecycle.RecordFailure,
            MessageReason.SendFailed,
            error,
            null,
            null,
            AttemptResult.Unknown
        );
    }

    /// <summary>Preparing a message threw (its data, its zone, its template): it fails alone, never sent.</summary>
    public static Decision PreparationThrew(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Decision.Fail(MessageReason.PreparationFailed, Describe(exception));
    }

    /// <summary>The type and message only: no stack trace, which could carry a patient's value.</summary>
    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    /// <summary>
    /// First delay, doubled each attempt, capped; no jitter is needed since claims are already spread over workers.
    /// </summary>
    public static Duration RetryDelay(int attempt, DispatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // In ticks as a double: a TimeSpan overflows (and the send throws) past about 35 doublings of 30 s.
        var ticks = options.FirstRetryDelay.Ticks * Math.Pow(2, Math.Max(0, attempt - 1));
        return Duration.FromTimeSpan(
            ticks < options.MaxRetryDelay.Ticks ? TimeSpan.FromTicks((long)ticks) : options.MaxRetryDelay
        );
    }

    /// <summary>A decision that sends nothing, as a send record: no attempt is counted.</summary>
    public static SendRecord From(Decision decision) =>
        decision switch
        {
            Decision.Suppress s => new SendRecord(MessageLifecycle.HoldAtSend, s.Reason, null, null, null, null),
            Decision.Fail f => new SendRecord(MessageLifecycle.RecordFailure, f.Reason, f.Error, null, null, null),
            Decision.Defer d => new SendRecord(
                MessageLifecycle.ScheduleRetry,
                null,
                d.Reason.Name,
                null,
                d.Until,
                null
            ),
            _ => throw new ArgumentException($"{decision} sends a message.", nameof(decision)),
        };
}
