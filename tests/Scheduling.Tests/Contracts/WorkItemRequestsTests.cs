using Scheduling.Core.Contracts;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Worklist;
using Scheduling.Web.Api.Contracts.Worklist;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// GET /api/work-items as the web host reads it (docs/api-contract.md, "Nothing silent"): `list` is one of
/// messages, rides, rems, callbacks, booster, unanswered, maintenance; `state` open (the default) or done.
/// </summary>
public sealed class WorkItemRequestsTests
{
    private static readonly Guid Clinic = Guid.Parse("0193a5c1-7d2e-7000-8000-000000000001");

    [Theory]
    [InlineData("messages", WorkItemList.Messages)]
    [InlineData("rides", WorkItemList.Rides)]
    [InlineData("rems", WorkItemList.Rems)]
    [InlineData("callbacks", WorkItemList.Callbacks)]
    [InlineData("booster", WorkItemList.Booster)]
    [InlineData("unanswered", WorkItemList.Unanswered)]
    [InlineData("maintenance", WorkItemList.Maintenance)]
    [InlineData(" Booster ", WorkItemList.Booster)]
    [InlineData("CALLBACKS", WorkItemList.Callbacks)]
    public void AListByName_ReadsIntoAQueryOfOpenTasks(string list, WorkItemList expected)
    {
        var query = WorkItemRequests.Read(list, null, Clinic);

        Assert.Equal(OutcomeKind.Ok, query.Kind);
        Assert.Equal(new WorkItemQuery(expected, WorkItemState.Open, Clinic), query.Value);
    }

    [Theory]
    [InlineData("open", WorkItemState.Open)]
    [InlineData("done", WorkItemState.Done)]
    [InlineData("Done", WorkItemState.Done)]
    public void AState_IsReadAsGiven(string state, WorkItemState expected)
    {
        var query = WorkItemRequests.Read("rides", state, null);

        Assert.Equal(new WorkItemQuery(WorkItemList.Rides, expected, null), query.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("reminders")]
    [InlineData("Messages,rides")]
    public void AnUnknownOrMissingList_IsAnErrorOnList_NamingTheLists(string? list)
    {
        var query = WorkItemRequests.Read(list, "open", null);

        Assert.Equal(OutcomeKind.Invalid, query.Kind);
        Assert.Equal(["list"], query.Errors.Keys);
        Assert.Equal(
            ["Expected one of messages, rides, rems, callbacks, booster, unanswered, maintenance."],
            query.Errors["list"]
        );
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("")]
    [InlineData("all")]
    public void AnyOtherState_IsAnErrorOnState(string state)
    {
        var query = WorkItemRequests.Read("booster", state, null);

        Assert.Equal(OutcomeKind.Invalid, query.Kind);
        Assert.Equal(["state"], query.Errors.Keys);
        Assert.Equal(["Expected open or done."], query.Errors["state"]);
    }

    [Fact]
    public void ABadListAndABadState_AreBothNamed()
    {
        var query = WorkItemRequests.Read("nope", "nope", null);

        Assert.Equal(["list", "state"], query.Errors.Keys.Order());
    }

    [Theory]
    [InlineData(WorkItemKind.MessageFailed, "messages")]
    [InlineData(WorkItemKind.RideUnconfirmed, "rides")]
    [InlineData(WorkItemKind.RemsFormDue, "rems")]
    [InlineData(WorkItemKind.RemsEnrollmentPending, "rems")]
    [InlineData(WorkItemKind.CallBackRequested, "callbacks")]
    [InlineData(WorkItemKind.NurseCallBack, "callbacks")]
    [InlineData(WorkItemKind.BoosterMayBeDue, "booster")]
    [InlineData(WorkItemKind.SurveyUnanswered, "unanswered")]
    [InlineData(WorkItemKind.MaintenanceRunningOut, "maintenance")]
    public void EachKindOfTask_IsListedUnderTheNameOfItsList(WorkItemKind kind, string list)
    {
        Assert.Equal(list, WorkItemRequests.ListName(kind));
        Assert.Equal(OutcomeKind.Ok, WorkItemRequests.Read(list, null, null).Kind);
        Assert.Contains(kind, WorkItemLists.Kinds[WorkItemRequests.Read(list, null, null).Value!.List]);
    }

    [Fact]
    public void EveryKindOfTask_IsOnOneList()
    {
        Assert.All(Enum.GetValues<WorkItemKind>(), kind =>
            Assert.Single(WorkItemLists.Kinds, list => list.Value.Contains(kind))
        );
    }
}
