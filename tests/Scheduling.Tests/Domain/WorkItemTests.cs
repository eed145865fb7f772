using NodaTime;
using Scheduling.Domain.Worklist;

namespace Scheduling.Tests.Domain;

/// <summary>
/// A task's lifecycle as README's "Worklist jobs are idempotent, and so is done" states it: open, then done,
/// never back; one open task per kind and subject; a task closed as done is never reopened by a job, and only
/// a new cause brings a new task.
/// </summary>
public sealed class WorkItemTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Guid Session = Guid.NewGuid();

    private static WorkItem Task(WorkItemKind kind = WorkItemKind.RideUnconfirmed) =>
        WorkItem.Open(new WorkItemOpening(Guid.NewGuid(), Guid.NewGuid(), kind, Session, "Call the patient."), Monday);

    private static WorkItem DoneAt(Instant at)
    {
        var item = Task();
        Assert.Null(item.MarkDone(at, "desk"));
        return item;
    }

    [Fact]
    public void Open_IsOpen_WithWhatItIsAbout_AndNothingResolved()
    {
        var item = Task(WorkItemKind.CallBackRequested);

        Assert.Equal(WorkItemState.Open, item.State);
        Assert.Equal(WorkItemKind.CallBackRequested, item.Kind);
        Assert.Equal(Session, item.SubjectId);
        Assert.Equal(Monday, item.CreatedAt);
        Assert.Null(item.ResolvedAt);
        Assert.Null(item.ResolvedBy);
    }

    [Fact]
    public void MarkDone_ClosesAnOpenTask_ByWhomAndWhen()
    {
        var item = Task();

        Assert.Null(item.MarkDone(Monday + Duration.FromHours(1), "desk-user"));

        Assert.Equal(WorkItemState.Done, item.State);
        Assert.Equal(Monday + Duration.FromHours(1), item.ResolvedAt);
        Assert.Equal("desk-user", item.ResolvedBy);
    }

    [Fact]
    public void MarkDone_Twice_IsRefused_AndKeepsTheFirstClosing()
    {
        var item = DoneAt(Monday + Duration.FromHours(1));

        Assert.Equal(WorkItemRefusal.AlreadyDone, item.MarkDone(Monday + Duration.FromHours(2), "other"));
        Assert.Equal(Monday + Duration.FromHours(1), item.ResolvedAt);
        Assert.Equal("desk", item.ResolvedBy);
    }

    [Fact]
    public void Resolve_ClosesAnOpenTask_AndLeavesADoneOneAsItWasClosed()
    {
        var open = Task();
        Assert.True(open.Resolve(Monday + Duration.FromHours(1), "system"));
        Assert.Equal(WorkItemState.Done, open.State);

        var done = DoneAt(Monday + Duration.FromHours(1));
        Assert.False(done.Resolve(Monday + Duration.FromHours(3), "system"));
        Assert.Equal("desk", done.ResolvedBy);
    }

    [Fact]
    public void Lifecycle_GoesFromOpenToDone_AndNeverBack()
    {
        Assert.True(WorkItemLifecycle.Allows(WorkItemState.Open, WorkItemState.Done));
        Assert.False(WorkItemLifecycle.Allows(WorkItemState.Done, WorkItemState.Open));
        Assert.False(WorkItemLifecycle.Allows(WorkItemState.Done, WorkItemState.Done));
    }

    public static TheoryData<WorkItemCause> Causes =>
        [WorkItemCause.NewEvent, WorkItemCause.StandingSince, WorkItemCause.OncePerSubject];

    [Theory]
    [MemberData(nameof(Causes))]
    public void MayOpen_WithNoEarlierTask_Opens(WorkItemCause cause) =>
        Assert.Null(WorkItemLifecycle.MayOpen([], cause, Monday));

    [Theory]
    [MemberData(nameof(Causes))]
    public void MayOpen_WithAnOpenTask_IsRefused_OneOpenPerKindAndSubject(WorkItemCause cause) =>
        Assert.Equal(WorkItemRefusal.AlreadyOpen, WorkItemLifecycle.MayOpen([Task()], cause, Monday));

    [Fact]
    public void NewEvent_AfterATaskWasDone_OpensANewTask()
    {
        // An SMS "R" on Tuesday after Monday's call-back task was done is a new request.
        var done = DoneAt(Monday + Duration.FromHours(1));

        Assert.Null(WorkItemLifecycle.MayOpen([done], WorkItemCause.NewEvent));
    }

    [Fact]
    public void StandingCondition_ClosedAsDoneAfterItArose_IsNotReopenedByAJob()
    {
        // The day-before check went out at 9:00; the desk closed the ride task at 11:00: the same unanswered
        // check never brings the task back.
        var done = DoneAt(Monday + Duration.FromHours(2));

        Assert.Equal(
            WorkItemRefusal.AnsweredByDoneTask,
            WorkItemLifecycle.MayOpen([done], WorkItemCause.StandingSince, Monday)
        );
        Assert.Equal(
            WorkItemRefusal.AnsweredByDoneTask,
            WorkItemLifecycle.MayOpen([done], WorkItemCause.StandingSince, Monday + Duration.FromHours(2))
        );
    }

    [Fact]
    public void StandingCondition_ThatAroseAfterTheTaskWasClosed_OpensANewTask()
    {
        // A new day-before check sent after the last ride task was closed is a new cause.
        var done = DoneAt(Monday + Duration.FromHours(2));

        Assert.Null(WorkItemLifecycle.MayOpen([done], WorkItemCause.StandingSince, Monday + Duration.FromDays(1)));
    }

    [Fact]
    public void StandingCondition_OfUnknownStart_IsNotAnsweredByATaskClosedEarlier()
    {
        // A maintenance series with no session yet: nothing was added since the task was closed to compare with.
        var done = DoneAt(Monday);

        Assert.Null(WorkItemLifecycle.MayOpen([done], WorkItemCause.StandingSince, arose: null));
    }

    [Fact]
    public void OncePerSubject_AnyEarlierTask_AnswersIt()
    {
        // A session's REMS form is due once: a task closed as done stays closed, form recorded or not.
        var done = DoneAt(Monday + Duration.FromDays(3));

        Assert.Equal(
            WorkItemRefusal.AnsweredByDoneTask,
            WorkItemLifecycle.MayOpen([done], WorkItemCause.OncePerSubject, Monday + Duration.FromDays(30))
        );
    }
}
