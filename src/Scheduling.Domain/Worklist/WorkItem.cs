using NodaTime;

namespace Scheduling.Domain.Worklist;

/// <summary>
/// A task on the front desk's or the nurses' list. At most one open item per (Kind, SubjectId), so the
/// jobs that raise them can run again without piling up copies. It is opened by <see cref="Open"/> only
/// (after <see cref="WorkItemLifecycle.MayOpen"/> said yes) and moves only by <see cref="MarkDone"/> (staff
/// closed it) and <see cref="Resolve"/> (its cause is gone); a task closed as done is never reopened: a new
/// cause brings a new task (docs/domain.md, "Work items").
/// </summary>
public sealed class WorkItem
{
    private WorkItem() { }

    public Guid Id { get; private init; } = Guid.CreateVersion7();
    public Guid ClinicId { get; private init; }
    public Guid PatientId { get; private init; }
    public WorkItemKind Kind { get; private init; }

    /// <summary>The appointment, survey, message, series or patient the item is about.</summary>
    public Guid SubjectId { get; private init; }

    public Instant CreatedAt { get; private init; }
    public Instant? DueAt { get; private init; }
    public WorkItemState State { get; private set; }
    public string? Detail { get; private init; }
    public Instant? ResolvedAt { get; private set; }
    public string? ResolvedBy { get; private set; }

    /// <summary>A new open task; callers use the one opener (Core's Worklist.Tasks), which asks the rule.</summary>
    public static WorkItem Open(WorkItemOpening opening, Instant now)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return new WorkItem
        {
            ClinicId = opening.ClinicId,
            PatientId = opening.PatientId,
            Kind = opening.Kind,
            SubjectId = opening.SubjectId,
            CreatedAt = now,
            DueAt = opening.DueAt,
            State = WorkItemLifecycle.Opened.To,
            Detail = opening.Detail,
        };
    }

    /// <summary>Staff closed it from the list. Refused when it was already done.</summary>
    public WorkItemRefusal? MarkDone(Instant at, string by)
    {
        if (!WorkItemLifecycle.Done.AllowsFrom(State))
        {
            return WorkItemRefusal.AlreadyDone;
        }

        Close(at, by);
        return null;
    }

    /// <summary>
    /// Closed because its cause is gone (the form recorded, the enrollment recorded, sessions added): done, by
    /// whom. A task already done stays as it was closed. True when this closed it.
    /// </summary>
    public bool Resolve(Instant at, string by)
    {
        if (!WorkItemLifecycle.Done.AllowsFrom(State))
        {
            return false;
        }

        Close(at, by);
        return true;
    }

    private void Close(Instant at, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        State = WorkItemLifecycle.Done.To;
        ResolvedAt = at;
        ResolvedBy = by;
    }
}

/// <summary>What a new task says: for whom, about what, and why.</summary>
public sealed record WorkItemOpening(
    Guid ClinicId,
    Guid PatientId,
    WorkItemKind Kind,
    Guid SubjectId,
    string Detail,
    Instant? DueAt = null
);

public enum WorkItemKind
{
    RideUnconfirmed,
    CallBackRequested,
    NurseCallBack,
    BoosterMayBeDue,
    RemsFormDue,
    SurveyUnanswered,
    MessageFailed,

    /// <summary>An esketamine series was booked before the patient's REMS enrollment was recorded.</summary>
    RemsEnrollmentPending,

    /// <summary>
    /// An open-ended series (maintenance) has fewer than two booked sessions left; its subject is the series.
    /// </summary>
    MaintenanceRunningOut,
}

public enum WorkItemState
{
    Open,
    Done,
}

/// <summary>Why a work item refused a step or an opening.</summary>
public enum WorkItemRefusal
{
    /// <summary>Marked done a second time.</summary>
    AlreadyDone,

    /// <summary>An open task of the kind is already there for the subject (one open per kind and subject).</summary>
    AlreadyOpen,

    /// <summary>A task closed as done already answered this cause; only a new cause opens a new task.</summary>
    AnsweredByDoneTask,
}
