using Scheduling.Core.Contracts;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Worklist;

namespace Scheduling.Web.Api.Contracts.Worklist;

/// <summary>
/// GET /api/work-items as it comes over the wire: `list` by its name (messages, rides, rems, callbacks, booster,
/// unanswered, maintenance; any case, spaces around ignored), `state` open (the default) or done, and an optional
/// `clinicId`, read into a <see cref="WorkItemQuery"/>; the board's answer is put back into the wire's shape.
/// </summary>
public static class WorkItemRequests
{
    private static readonly IReadOnlyList<(string Name, WorkItemList List)> Names =
    [
        ("messages", WorkItemList.Messages),
        ("rides", WorkItemList.Rides),
        ("rems", WorkItemList.Rems),
        ("callbacks", WorkItemList.Callbacks),
        ("booster", WorkItemList.Booster),
        ("unanswered", WorkItemList.Unanswered),
        ("maintenance", WorkItemList.Maintenance),
    ];

    public static async Task<Outcome<IReadOnlyList<WorkItemListView>>> ListAsync(
        WorkItemBoard board,
        string? list,
        string? state,
        Guid? clinicId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(board);
        var query = Read(list, state, clinicId);
        return query.Kind == OutcomeKind.Ok
            ? (await board.ListAsync(query.Value!, cancellationToken)).Select(WorkItemListView.From).ToList()
            : Outcome<IReadOnlyList<WorkItemListView>>.Invalid(query.Errors);
    }

    public static Outcome<WorkItemQuery> Read(string? list, string? state, Guid? clinicId)
    {
        var problems = new Problems();
        var name = list?.Trim().ToLowerInvariant();
        var wantedList = Names.Where(n => n.Name == name).Select(n => (WorkItemList?)n.List).FirstOrDefault();
        if (wantedList is null)
        {
            problems.Add("list", $"Expected one of {string.Join(", ", Names.Select(n => n.Name))}.");
        }

        var wanted = WorkItemState.Open;
        if (state is not null && !(Enum.TryParse(state, ignoreCase: true, out wanted) && Enum.IsDefined(wanted)))
        {
            problems.Add("state", "Expected open or done.");
        }

        return problems.Any
            ? Outcome<WorkItemQuery>.Invalid(problems.ToDictionary())
            : new WorkItemQuery(wantedList!.Value, wanted, clinicId);
    }

    /// <summary>The name of the list a kind of task is on (for a kind no list holds, the kind in lower case).</summary>
    public static string ListName(WorkItemKind kind) =>
        WorkItemLists.Of(kind) is { } list ? Names.First(n => n.List == list).Name : kind.ToString().ToLowerInvariant();
}
