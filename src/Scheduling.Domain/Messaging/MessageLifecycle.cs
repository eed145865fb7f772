namespace Scheduling.Domain.Messaging;

/// <summary>
/// One step a message may take, from any of <see cref="From"/> to <see cref="To"/>, named for what happened.
/// The dispatcher's statements put <see cref="SqlFrom"/> and <see cref="SqlTo"/> into their text, so the
/// states a statement writes are these and no literal of its own (docs/style.md, example 18).
/// </summary>
public sealed class MessageTransition
{
    internal MessageTransition(string name, MessageState to, params MessageState[] from)
    {
        Name = name;
        To = to;
        From = from;
    }

    public string Name { get; }

    /// <summary>Empty for <see cref="MessageLifecycle.Plan"/>: a new row.</summary>
    public IReadOnlyList<MessageState> From { get; }

    public MessageState To { get; }

    /// <summary>The states it may come from as SQL literals, for "state IN (…)".</summary>
    public string SqlFrom => string.Join(", ", From.Select(MessageLifecycle.Sql));

    /// <summary>The state it goes to as an SQL literal.</summary>
    public string SqlTo => MessageLifecycle.Sql(To);

    public bool AllowsFrom(MessageState state) => From.Contains(state);

    public override string ToString() => $"{Name}: {string.Join("|", From)} -> {To}";
}

/// <summary>
/// The message lifecycle (docs/domain.md, "Messages"; the diagram is in the README's "Message lifecycle"):
/// every state change a message may make, in one list. <see cref="PlannedMessage"/> moves only by these,
/// and the dispatcher's SQL names its states from them; a test holds both to <see cref="Allows"/>.
/// </summary>
public static class MessageLifecycle
{
    /// <summary>Planned at booking, at a move, for a survey, a page, a fallback.</summary>
    public static readonly MessageTransition Plan = new(nameof(Plan), MessageState.Planned);

    /// <summary>A move re-times a reminder still to go, or brings back one the move had held.</summary>
    public static readonly MessageTransition Replan = new(
        nameof(Replan),
        MessageState.Planned,
        MessageState.Planned,
        MessageState.Suppressed
    );

    /// <summary>Held back before it was claimed: cancelled, moved, superseded, survey expired, acknowledged.</summary>
    public static readonly MessageTransition Hold = new(nameof(Hold), MessageState.Suppressed, MessageState.Planned);

    /// <summary>A dispatcher takes it for one lease.</summary>
    public static readonly MessageTransition Claim = new(nameof(Claim), MessageState.Sending, MessageState.Planned);

    /// <summary>The provider accepted it.</summary>
    public static readonly MessageTransition RecordSent = new(
        nameof(RecordSent),
        MessageState.Sent,
        MessageState.Sending
    );

    /// <summary>Refused for good, out of tries or time, or it could not be prepared.</summary>
    public static readonly MessageTransition RecordFailure = new(
        nameof(RecordFailure),
        MessageState.Failed,
        MessageState.Sending
    );

    /// <summary>The provider may or may not have it (a dropped connection after the data went).</summary>
    public static readonly MessageTransition RecordUnknown = new(
        nameof(RecordUnknown),
        MessageState.Unknown,
        MessageState.Sending
    );

    /// <summary>The send rule or a cap held it back at send time.</summary>
    public static readonly MessageTransition HoldAtSend = new(
        nameof(HoldAtSend),
        MessageState.Suppressed,
        MessageState.Sending
    );

    /// <summary>Back to the queue for later: a transient failure's backoff, the window's opening, a change.</summary>
    public static readonly MessageTransition ScheduleRetry = new(
        nameof(ScheduleRetry),
        MessageState.Planned,
        MessageState.Sending
    );

    /// <summary>Its worker's lease ran out before it recorded anything: back to the queue.</summary>
    public static readonly MessageTransition RecoverClaim = new(
        nameof(RecoverClaim),
        MessageState.Planned,
        MessageState.Sending
    );

    /// <summary>A delivery callback settles an unknown outcome as sent.</summary>
    public static readonly MessageTransition ReportSent = new(
        nameof(ReportSent),
        MessageState.Sent,
        MessageState.Unknown
    );

    /// <summary>A delivery callback says it arrived.</summary>
    public static readonly MessageTransition ReportDelivered = new(
        nameof(ReportDelivered),
        MessageState.Delivered,
        MessageState.Sent,
        MessageState.Unknown
    );

    /// <summary>A delivery callback says it failed or was undelivered.</summary>
    public static readonly MessageTransition ReportUndelivered = new(
        nameof(ReportUndelivered),
        MessageState.Failed,
        MessageState.Sent,
        MessageState.Unknown
    );

    /// <summary>Staff send a failed or unknown message again (POST /api/messages/{id}/retry).</summary>
    public static readonly MessageTransition Retry = new(
        nameof(Retry),
        MessageState.Planned,
        MessageState.Failed,
        MessageState.Unknown
    );

    public static IReadOnlyList<MessageTransition> All { get; } =
    [
        Plan,
        Replan,
        Hold,
        Claim,
        RecordSent,
        RecordFailure,
        RecordUnknown,
        HoldAtSend,
        ScheduleRetry,
        RecoverClaim,
        ReportSent,
        ReportDelivered,
        ReportUndelivered,
        Retry,
    ];

    public static bool Allows(MessageState from, MessageState to) => All.Any(t => t.To == to && t.AllowsFrom(from));

    /// <summary>A state as it is stored (enums are stored by name), quoted for SQL.</summary>
    public static string Sql(MessageState state) => $"'{state}'";
}
