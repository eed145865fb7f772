using NodaTime;

namespace Scheduling.Domain.Worklist;

/// <summary>
/// A task on the front desk's or the nurses' list. At most one open item per (Kind, SubjectId), so the
/// jobs that raise them can run again without piling up copies.
/// </summary>
public sealed class WorkItem
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ClinicId { get; init; }
    public Guid PatientId { get; init; }
    public WorkItemKind Kind { get; init; }

    /// <summary>The appointment, survey, message or series the item is about.</summary>
    public Guid SubjectId { get; init; }

    public Instant CreatedAt { get; init; }
    public Instant? DueAt { get; init; }
    public WorkItemState State { get; set; }
    public string? Detail { get; set; }
    public Instant? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }

    /// <summary>Closed because its cause is gone (the form recorded, the enrollment recorded): done, by whom.</summary>
    public void Resolve(Instant at, string by)
    {
        if (State == WorkItemState.Open)
        {
            State = WorkItemState.Done;
            ResolvedAt = at;
            ResolvedBy = by;
        }
    }
}

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
