using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The lists of the worklists page by the names the API uses (docs/api-contract.md, "Nothing silent"),
/// and the kinds of work item each one holds. `maintenance` holds open-ended series about to run out.
/// </summary>
public static class WorkItemLists
{
    public static IReadOnlyDictionary<string, IReadOnlyList<WorkItemKind>> Kinds { get; } =
        new Dictionary<string, IReadOnlyList<WorkItemKind>>(StringComparer.Ordinal)
        {
            ["messages"] = [WorkItemKind.MessageFailed],
            ["rides"] = [WorkItemKind.RideUnconfirmed],
            ["rems"] = [WorkItemKind.RemsFormDue, WorkItemKind.RemsEnrollmentPending],
            ["callbacks"] = [WorkItemKind.CallBackRequested, WorkItemKind.NurseCallBack],
            ["booster"] = [WorkItemKind.BoosterMayBeDue],
            ["unanswered"] = [WorkItemKind.SurveyUnanswered],
            ["maintenance"] = [WorkItemKind.MaintenanceRunningOut],
        };

    public static string Of(WorkItemKind kind) =>
        Kinds.FirstOrDefault(list => list.Value.Contains(kind)).Key ?? kind.ToString().ToLowerInvariant();
}
