using NodaTime;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Domain;

/// <summary>
/// A survey's lifecycle as docs/domain.md, "Surveys and check-ins", states it: a link is good for one use
/// and expires; a survey is answered once; a survey whose session is cancelled or missed closes; a session
/// moved elsewhere takes its surveys along or closes them until a move brings them back.
/// </summary>
public sealed class SurveyTests
{
    private static readonly Instant Due = Instant.FromUtc(2026, 3, 2, 15, 0);
    private static readonly Instant Expires = Due + Duration.FromDays(3);
    private static readonly KeyValuePair<string, int>[] Answers = [new("1", 2), new("2", 1)];

    private static Survey Planned(bool reachable = true) =>
        Survey.Plan(
            new SurveyPlan(
                Guid.NewGuid(),
                null,
                Guid.NewGuid(),
                Guid.NewGuid(),
                Instrument.Phq9,
                "phq9",
                SurveyOccasion.PostSession,
                Due,
                Expires
            ),
            reachable,
            Due - Duration.FromDays(7)
        );

    private static Survey Sent()
    {
        var survey = Planned();
        Assert.Null(survey.MarkSent(Due));
        return survey;
    }

    private static Survey Completed()
    {
        var survey = Sent();
        Assert.Null(survey.Complete(Due + Duration.FromHours(1), 3, "minimal", Answers));
        return survey;
    }

    private static Survey Expired()
    {
        var survey = Sent();
        Assert.Null(survey.Expire(Expires));
        return survey;
    }

    private static Survey Cancelled()
    {
        var survey = Planned();
        Assert.Null(survey.CloseForSession("AppointmentCancelled"));
        return survey;
    }

    private static Survey MovedAway()
    {
        var survey = Planned();
        Assert.Null(survey.MoveAway());
        return survey;
    }

    [Fact]
    public void Plan_IsPlanned_AndOpensItsForm_UntilItExpires()
    {
        var survey = Planned();

        Assert.Equal(SurveyState.Planned, survey.State);
        Assert.Null(survey.Reason);
        Assert.True(survey.IsOpenAt(Due));
        Assert.False(survey.IsOpenAt(Expires));
    }

    [Fact]
    public void Plan_WithoutAChannel_IsHeldForWantOfConsent()
    {
        var survey = Planned(reachable: false);

        Assert.Equal(SurveyState.Suppressed, survey.State);
        Assert.Equal(Survey.NoConsent, survey.Reason);
        Assert.False(survey.IsOpenAt(Due));
    }

    [Fact]
    public void MarkSent_KeepsTheFirstSendingTime()
    {
        var survey = Sent();

        Assert.Equal(SurveyState.Sent, survey.State);
        Assert.Equal(Due, survey.SentAt);
        Assert.Equal(SurveyRefusal.AlreadySent, survey.MarkSent(Due + Duration.FromHours(1)));
        Assert.Equal(Due, survey.SentAt);
    }

    [Fact]
    public void Complete_WhileOpen_KeepsTheAnswersAndTheScore()
    {
        var survey = Completed();

        Assert.Equal(SurveyState.Completed, survey.State);
        Assert.Equal(Due + Duration.FromHours(1), survey.CompletedAt);
        Assert.Equal(3, survey.TotalScore);
        Assert.Equal("minimal", survey.Band);
        Assert.Equal(["1", "2"], survey.Answers.Select(a => a.Item));
        Assert.All(survey.Answers, a => Assert.Equal(survey.Id, a.SurveyId));
        Assert.False(survey.IsOpenAt(Due + Duration.FromHours(2)));
    }

    [Fact]
    public void Complete_APlannedSurvey_IsAllowed_TheLinkInAnEarlierMessageStillOpensIt()
    {
        var survey = Planned();

        Assert.Null(survey.Complete(Due, 0, "minimal", Answers));
        Assert.Equal(SurveyState.Completed, survey.State);
    }

    public static TheoryData<string, SurveyRefusal> Finished =>
        new()
        {
            { nameof(Completed), SurveyRefusal.AlreadyCompleted },
            { nameof(Expired), SurveyRefusal.Expired },
            { nameof(Cancelled), SurveyRefusal.Closed },
            { nameof(MovedAway), SurveyRefusal.Closed },
        };

    private static Survey Make(string name) =>
        name switch
        {
            nameof(Completed) => Completed(),
            nameof(Expired) => Expired(),
            nameof(Cancelled) => Cancelled(),
            nameof(MovedAway) => MovedAway(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

    [Theory]
    [MemberData(nameof(Finished))]
    public void Complete_OnceFinished_IsRefused_AndChangesNothing(string state, SurveyRefusal why)
    {
        var survey = Make(state);
        var before = survey.State;

        Assert.Equal(why, survey.Complete(Due + Duration.FromHours(2), 5, "mild", Answers));
        Assert.Equal(before, survey.State);
        Assert.NotEqual(5, survey.TotalScore);
    }

    [Fact]
    public void Complete_AtOrAfterExpiry_IsRefusedAsExpired_EvenBeforeTheJobRan()
    {
        var survey = Sent();

        Assert.Equal(SurveyRefusal.Expired, survey.Complete(Expires, 3, "minimal", Answers));
        Assert.Equal(SurveyState.Sent, survey.State);
    }

    [Fact]
    public void Expire_BeforeItsTime_IsRefused()
    {
        var survey = Sent();

        Assert.Equal(SurveyRefusal.NotYetExpired, survey.Expire(Expires - Duration.FromMinutes(1)));
        Assert.Equal(SurveyState.Sent, survey.State);
    }

    [Theory]
    [MemberData(nameof(Finished))]
    public void Expire_OnceFinished_IsRefused(string state, SurveyRefusal why)
    {
        var survey = Make(state);

        Assert.Equal(why, survey.Expire(Expires + Duration.FromDays(1)));
    }

    [Fact]
    public void CloseForSession_ClosesAPlannedOrSentSurvey_WithTheSessionsReason()
    {
        var planned = Planned();
        var sent = Sent();

        Assert.Null(planned.CloseForSession("AppointmentCancelled"));
        Assert.Null(sent.CloseForSession("AppointmentNoShow"));

        Assert.Equal(SurveyState.Suppressed, planned.State);
        Assert.Equal("AppointmentCancelled", planned.Reason);
        Assert.Equal("AppointmentNoShow", sent.Reason);
        Assert.False(sent.IsOpenAt(Due));
    }

    [Fact]
    public void CloseForSession_AnAnsweredSurvey_IsRefused_TheAnswerStands()
    {
        var survey = Completed();

        Assert.Equal(SurveyRefusal.AlreadyCompleted, survey.CloseForSession("AppointmentCancelled"));
        Assert.Equal(SurveyState.Completed, survey.State);
    }

    [Fact]
    public void MoveAway_OnlyBeforeItWasSent()
    {
        var sent = Sent();

        Assert.Equal(SurveyRefusal.AlreadySent, sent.MoveAway());
        Assert.Equal(SurveyState.Sent, sent.State);
    }

    [Fact]
    public void Replan_RetimesAPlannedSurvey_AndBringsBackOneAMoveClosed()
    {
        var planned = Planned();
        var moved = MovedAway();

        Assert.Null(planned.Replan(Due + Duration.FromDays(1), Expires + Duration.FromDays(1)));
        Assert.Null(moved.Replan(Due + Duration.FromDays(2), Expires + Duration.FromDays(2)));

        Assert.Equal(Due + Duration.FromDays(1), planned.DueAt);
        Assert.Equal(SurveyState.Planned, moved.State);
        Assert.Null(moved.Reason);
        Assert.Equal(Expires + Duration.FromDays(2), moved.ExpiresAt);
    }

    [Fact]
    public void Replan_ASurveyClosedForItsSession_OrHeldForConsent_IsRefused()
    {
        var cancelled = Cancelled();
        var unreachable = Planned(reachable: false);

        Assert.Equal(SurveyRefusal.Closed, cancelled.Replan(Due, Expires));
        Assert.Equal(SurveyRefusal.Closed, unreachable.Replan(Due, Expires));
        Assert.Equal("AppointmentCancelled", cancelled.Reason);
    }

    [Theory]
    [MemberData(nameof(Finished))]
    public void Replan_CompletedOrExpired_IsRefused(string state, SurveyRefusal why)
    {
        var survey = Make(state);
        if (state == nameof(MovedAway))
        {
            return;
        }

        Assert.Equal(why, survey.Replan(Due, Expires));
    }

    [Fact]
    public void Lifecycle_NeverLeavesCompletedOrExpired()
    {
        foreach (var to in Enum.GetValues<SurveyState>())
        {
            Assert.False(SurveyLifecycle.Allows(SurveyState.Completed, to));
            Assert.False(SurveyLifecycle.Allows(SurveyState.Expired, to));
        }
    }
}
