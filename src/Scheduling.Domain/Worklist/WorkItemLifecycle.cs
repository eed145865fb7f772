using NodaTime;

namespace Scheduling.Domain.Worklist;

/// <summary>One step a work item may take, from any of <see cref="From"/> to <see cref="To"/>.</summary>
public sealed class WorkItemTransition
{
    internal WorkItemTransition(string name, WorkItemState to, params WorkItemState[] from)
    {
        Name = name;
        To = to;
        From = from;
    }

    public string Name { get; }

    /// <summary>Empty for <see cref="WorkItemLifecycle.Opened"/>: a new row.</summary>
    public IReadOnlyList<WorkItemState> From { get; }

    public WorkItemState To { get; }

    /// <summary>The state it goes to as an SQL literal.</summary>
    public string SqlTo => WorkItemLifecycle.Sql(To);

    /// <summary>The states it may come from as SQL literals, for "state IN (…)".</summary>
    public string SqlFrom => string.Join(", ", From.Select(WorkItemLifecycle.Sql));

    public bool AllowsFrom(WorkItemState state) => From.Contains(state);

    public override string ToString() => $"{Name}: {string.Join("|", From)} -> {To}";
}

/// <summary>
/// What opens a task, and how a later cause relates to a task closed before it (docs/domain.md, "Work items").
/// </summary>
public enum WorkItemCause
{
    /// <summary>
    /// Something that happens now (an SMS answer, a no-show, a failed message, an expired survey, a score, a
    /// booking): a task opens unless one is open. A task closed earlier answered an earlier event, not this one.
    /// </summary>
    NewEvent,

    /// <summary>
    /// A standing condition that arose at a known instant (a day-before check sent and unanswered, a series
    /// whose sessions were last added then): a task opens unless one is open or one was closed as done at or
    /// after the condition arose. A job that finds the same condition again never reopens a task closed as done.
    /// </summary>
    StandingSince,

    /// <summary>A cause that happens once for its subject (a session's REMS form): at most one task, ever.</summary>
    OncePerSubject,
}

/// <summary>
/// The work-item lifecycle: Open, then Done, never back. Tasks move only by these, and the statements that
/// open or close tasks in SQL name their states from them (as <c>MessageLifecycle</c> does for messages).
/// </summary>
public static class WorkItemLifecycle
{
    /// <summary>A new task, open.</summary>
    public static readonly WorkItemTransition Opened = new(nameof(Opened), WorkItemState.Open);

    /// <summary>Staff marked it done, or its cause went away.</summary>
    public static readonly WorkItemTransition Done = new(nameof(Done), WorkItemState.Done, WorkItemState.Open);

    public static IReadOnlyList<WorkItemTransition> All { get; } = [Opened, Done];

    public static bool Allows(WorkItemState from, WorkItemState to) => All.Any(t => t.To == to && t.AllowsFrom(from));

    /// <summary>A state as it is stored (enums are stored by name), quoted for SQL.</summary>
    public static string Sql(WorkItemState state) => $"'{state}'";

    /// <summary>
    /// Whether a task of this kind may open for the subject, given the tasks it already has (any state, same
    /// kind and subject) and the cause: null when it may, else why not. <paramref name="arose"/> is when a
    /// <see cref="WorkItemCause.StandingSince"/> condition arose (unknown: no task closed earlier answers it, as
    /// in the SQL of <c>Tasks.OpenSql</c>); the other causes ignore it.
    /// </summary>
    public static WorkItemRefusal? MayOpen(IEnumerable<WorkItem> earlier, WorkItemCause cause, Instant? arose = null)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var tasks = earlier.ToList();
        if (tasks.Any(t => t.State == WorkItemState.Open))
        {
            return WorkItemRefusal.AlreadyOpen;
        }

        var answered = cause switch
        {
            WorkItemCause.NewEvent => false,
            WorkItemCause.StandingSince => arose is { } since && tasks.Any(t => t.ResolvedAt >= since),
            WorkItemCause.OncePerSubject => tasks.Count > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
        };
        return answered ? WorkItemRefusal.AnsweredByDoneTask : null;
    }
}
