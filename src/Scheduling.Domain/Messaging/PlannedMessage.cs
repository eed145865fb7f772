using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Messaging;

/// <summary>
/// One row per message the system means to send: the source of truth for what is due, what was sent
/// and why something was not. (SubjectId, PlanKey, Channel) is unique, so planning twice plans once.
/// Its state changes only by the methods below, each one step of <see cref="MessageLifecycle"/>
/// (docs/style.md, example 17); the dispatcher's hot path takes the same steps in SQL (MessageQueue).
/// </summary>
public sealed class PlannedMessage
{
    /// <summary>For EF Core, which sets the properties from the row.</summary>
    private PlannedMessage() { }

    /// <summary>Planned to go at <paramref name="due"/>, worth sending until <paramref name="notAfter"/>.</summary>
    public PlannedMessage(Instant due, Instant notAfter, Instant now)
    {
        DueAt = due;
        NextAttemptAt = due;
        NotAfter = notAfter;
        State = MessageLifecycle.Plan.To;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The appointment, survey or alert the message is about.</summary>
    public Guid SubjectId { get; init; }

    /// <summary>What makes this message one of a kind for its subject, e.g. "Reminder/1440m" or "Moved/3".</summary>
    public required PlanKey PlanKey { get; init; }

    public MessageKind Kind { get; init; }
    public Channel Channel { get; init; }

    public Guid? PatientId { get; init; }
    public Guid? OnCallContactId { get; init; }
    public Guid? AppointmentId { get; init; }
    public Guid? SurveyId { get; init; }
    public Guid? AlertId { get; init; }

    public Instant DueAt { get; private set; }

    /// <summary>After this instant the message is no longer worth sending.</summary>
    public Instant NotAfter { get; private set; }

    /// <summary>Urgent messages (safety alerts) are claimed first and ignore the sending window.</summary>
    public bool Urgent { get; init; }

    public MessageState State { get; private set; }

    /// <summary>A <see cref="MessageReason"/>'s name, as stored and shown.</summary>
    public string? Reason { get; private set; }

    public int Attempts { get; private set; }
    public Instant? NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public string? ProviderId { get; private set; }
    public string? ClaimedBy { get; private set; }
    public Instant? ClaimedUntil { get; private set; }
    public Instant? SentAt { get; private set; }
    public Instant? DeliveredAt { get; private set; }
    public Instant CreatedAt { get; init; }
    public Instant UpdatedAt { get; private set; }

    /// <summary>
    /// The W3C traceparent of the work that planned the message, so that its send, later and elsewhere, joins
    /// the same trace; null when nothing was traced.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>A move re-times it (or brings back one the move had held) for the session's new time.</summary>
    public void Replan(Instant due, Instant notAfter, Instant at)
    {
        Take(MessageLifecycle.Replan, at, reason: null);
        (DueAt, NextAttemptAt, NotAfter) = (due, due, notAfter);
    }

    /// <summary>Held back before anyone claimed it: its session was cancelled or moved, a later move came.</summary>
    public void Hold(MessageReason reason, Instant at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Take(MessageLifecycle.Hold, at, reason);
    }

    /// <summary>Taken by <paramref name="worker"/> until <paramref name="until"/>.</summary>
    public void Claim(string worker, Instant until, Instant at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        Take(MessageLifecycle.Claim, at, Reason is null ? null : MessageReason.Of(Reason));
        (ClaimedBy, ClaimedUntil) = (worker, until);
    }

    /// <summary>The provider accepted it under <paramref name="providerId"/>.</summary>
    public void RecordSent(string? providerId, Instant at)
    {
        Take(MessageLifecycle.RecordSent, at, reason: null);
        (ProviderId, SentAt, LastError) = (providerId ?? ProviderId, at, null);
        Attempts++;
        Release();
    }

    /// <summary>It failed for good; <paramref name="tried"/> when a provider was asked (the attempt counts).</summary>
    public void RecordFailure(MessageReason reason, string? error, bool tried, Instant at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Take(MessageLifecycle.RecordFailure, at, reason);
        LastError = error;
        Attempts += tried ? 1 : 0;
        Release();
    }

    /// <summary>Whether the provider has it is not known; it is never repeated blindly.</summary>
    public void RecordUnknown(string? error, string? providerId, Instant at)
    {
        Take(MessageLifecycle.RecordUnknown, at, MessageReason.OutcomeUnknown);
        (LastError, ProviderId) = (error, providerId ?? ProviderId);
        Attempts++;
        Release();
    }

    /// <summary>The send rule or a cap held it back at send time.</summary>
    public void HoldAtSend(MessageReason reason, Instant at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Take(MessageLifecycle.HoldAtSend, at, reason);
        Release();
    }

    /// <summary>Back to the queue until <paramref name="next"/>: a transient failure's backoff, a window.</summary>
    public void ScheduleRetry(Instant next, MessageReason? reason, string? error, bool tried, Instant at)
    {
        Take(MessageLifecycle.ScheduleRetry, at, reason);
        (NextAttemptAt, LastError) = (next, error);
        Attempts += tried ? 1 : 0;
        Release();
    }

    /// <summary>A delivery callback: it arrived.</summary>
    public void ReportDelivered(Instant at)
    {
        Take(MessageLifecycle.ReportDelivered, at, Reason is null ? null : MessageReason.Of(Reason));
        (DeliveredAt, SentAt) = (at, SentAt ?? at);
    }

    /// <summary>A delivery callback: it failed or was undelivered.</summary>
    public void ReportUndelivered(string? error, Instant at)
    {
        Take(MessageLifecycle.ReportUndelivered, at, MessageReason.Undelivered);
        (LastError, SentAt) = (error ?? LastError, SentAt ?? at);
    }

    /// <summary>Staff send a failed or unknown message again: due now, with a fresh attempt budget.</summary>
    public void Retry(Instant at)
    {
        Take(MessageLifecycle.Retry, at, reason: null);
        (NextAttemptAt, Attempts) = (at, 0);
    }

    private void Take(MessageTransition transition, Instant at, MessageReason? reason)
    {
        if (!transition.AllowsFrom(State))
        {
            throw new InvalidOperationException($"A message that is {State} cannot take the step {transition}.");
        }

        (State, Reason, UpdatedAt) = (transition.To, reason?.Name, at);
    }

    private void Release() => (ClaimedBy, ClaimedUntil) = (null, null);
}

public enum MessageKind
{
    BookingConfirmation,
    Reminder,
    DayBeforeCheck,
    MoveNotice,
    CancelNotice,
    SurveyInvitation,
    SurveyReminder,
    SafetyAlert,

    /// <summary>After a no-show: "reply R to rebook", by SMS, within the sending window.</summary>
    NoShowFollowUp,

    /// <summary>Freed chair time offered to a waitlisted patient: "reply YES", with a link of its own.</summary>
    WaitlistOffer,
}

public enum MessageState
{
    Planned,
    Sending,
    Sent,
    Delivered,
    Failed,
    Unknown,
    Suppressed,
}

/// <summary>Each try at handing a message to a provider, kept for ops and for reconciling unknown outcomes.</summary>
public sealed class MessageAttempt
{
    public long Id { get; init; }
    public Guid MessageId { get; init; }
    public Instant At { get; init; }

    /// <summary>What the provider made of this try (column "outcome").</summary>
    public AttemptResult Result { get; init; }
    public string? Error { get; init; }
    public string? ProviderId { get; init; }
    public required string Worker { get; init; }
}

public enum AttemptResult
{
    Accepted,
    TransientFailure,
    PermanentFailure,
    Unknown,
}
