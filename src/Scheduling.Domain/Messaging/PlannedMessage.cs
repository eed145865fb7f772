using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Messaging;

/// <summary>
/// One row per message the system means to send: the source of truth for what is due, what was sent
/// and why something was not. (SubjectId, PlanKey, Channel) is unique, so planning twice plans once.
/// </summary>
public sealed class PlannedMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The appointment, survey or alert the message is about.</summary>
    public Guid SubjectId { get; init; }

    /// <summary>What makes this message one of a kind for its subject, e.g. "Reminder/PT24H" or "Moved/3".</summary>
    public required string PlanKey { get; init; }

    public MessageKind Kind { get; init; }
    public Channel Channel { get; init; }

    public Guid? PatientId { get; init; }
    public Guid? OnCallContactId { get; init; }
    public Guid? AppointmentId { get; init; }
    public Guid? SurveyId { get; init; }
    public Guid? AlertId { get; init; }

    public Instant DueAt { get; set; }

    /// <summary>After this instant the message is no longer worth sending.</summary>
    public Instant NotAfter { get; set; }

    /// <summary>Urgent messages (safety alerts) are claimed first and ignore the sending window.</summary>
    public bool Urgent { get; init; }

    public MessageState State { get; set; }
    public string? Reason { get; set; }
    public int Attempts { get; set; }
    public Instant? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public string? ProviderId { get; set; }
    public string? ClaimedBy { get; set; }
    public Instant? ClaimedUntil { get; set; }
    public Instant? SentAt { get; set; }
    public Instant? DeliveredAt { get; set; }
    public Instant CreatedAt { get; init; }
    public Instant UpdatedAt { get; set; }
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
    public AttemptOutcome Outcome { get; init; }
    public string? Error { get; init; }
    public string? ProviderId { get; init; }
    public required string Worker { get; init; }
}

public enum AttemptOutcome
{
    Accepted,
    TransientFailure,
    PermanentFailure,
    Unknown,
}
