using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The lists of the worklists page (docs/api-contract.md, "Nothing silent") and the kinds of work item each one
/// holds. `Maintenance` holds open-ended series about to run out.
/// </summary>
public enum WorkItemList
{
    Messages,
    Rides,
    Rems,
    Callbacks,
    Booster,
    Unanswered,
    Maintenance,
}

public static class WorkItemLists
{
    public static IReadOnlyDictionary<WorkItemList, IReadOnlyList<WorkItemKind>> Kinds { get; } =
        new Dictionary<WorkItemList, IReadOnlyList<WorkItemKind>>
        {
            [WorkItemList.Messages] = [WorkItemKind.MessageFailed],
            [WorkItemList.Rides] = [WorkItemKind.RideUnconfirmed],
            [WorkItemList.Rems] = [WorkItemKind.RemsFormDue, WorkItemKind.RemsEnrollmentPending],
            [WorkItemList.Callbacks] = [WorkItemKind.CallBackRequested, WorkItemKind.NurseCallBack],
            [WorkItemList.Booster] = [WorkItemKind.BoosterMayBeDue],
            [WorkItemList.Unanswered] = [WorkItemKind.SurveyUnanswered],
            [WorkItemList.Maintenance] = [WorkItemKind.MaintenanceRunningOut],
        };

    /// <summary>The list a kind of task is on; null for a kind no list holds.</summary>
    public static WorkItemList? Of(WorkItemKind kind) =>
        Kinds.Where(list => list.Value.Contains(kind)).Select(list => (WorkItemList?)list.Key).FirstOrDefault();
}
