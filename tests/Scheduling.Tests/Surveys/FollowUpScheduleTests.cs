using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

public sealed class FollowUpScheduleTests
{
    // Boundary cases: the ketamine IV induction's follow-ups for six sessions (each check, baseline,
    // mid, end, a week, a month); a post-session check due after the window closes (moves to the next
    // morning, never earlier); a baseline already past at booking (sent at once) and one whose session
    // has begun (dropped); any other survey already past (not back-filled); the reminder only for
    // scored questionnaires and only with time left; the occasion of each kind of rule.
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly SendingWindow Window = new(NewYork, new LocalTime(8, 0), new LocalTime(20, 0));
    private static readonly Instant LongAgo = Instant.FromUtc(2026, 1, 1, 0, 0);
    private static readonly Duration Chair = Duration.FromMinutes(100);

    private static Instant Local(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private static List<SessionSlot> Sessions(params Instant[] starts) =>
        [.. starts.Select((s, i) => new SessionSlot(Guid.NewGuid(), i + 1, s, s + Chair))];

    private static ProtocolTemplate Template(params FollowUpRule[] rules)
    {
        var template = new ProtocolTemplate
        {
            Code = "t",
            Name = "t",
            SessionCount = 1,
        };
        template.FollowUps.AddRange(rules);
        return template;
    }

    [Fact]
    public void ForSeries_PlansEveryFollowUpOfTheIvInduction_ForSixSessions()
    {
        var template = BuiltInTemplates.All(LongAgo).Single(t => t.Code == BuiltInTemplates.KetamineIvInduction);
        var sessions = Sessions(
            Local(12, 7, 9),
            Local(12, 9, 9),
            Local(12, 11, 9),
            Local(12, 14, 9),
            Local(12, 16, 9),
            Local(12, 18, 9)
        );

        var surveys = FollowUpSchedule.ForSeries(template, sessions, Window, LongAgo);

        Assert.Equal(12, surveys.Count(s => s.Instrument == Instrument.PostSessionCheck));
        foreach (var instrument in new[] { Instrument.Phq9, Instrument.Gad7 })
        {
            var scored = surveys.Where(s => s.Instrument == instrument).ToDictionary(s => s.Occasion);
            Assert.Equal(
                [
                    SurveyOccasion.Baseline,
                    SurveyOccasion.MidSeries,
                    SurveyOccasion.EndOfSeries,
                    SurveyOccasion.FollowUpOneWeek,
                    SurveyOccasion.FollowUpOneMonth,
                ],
                scored.Keys.Order()
            );
            Assert.Equal(Local(12, 6, 9), scored[SurveyOccasion.Baseline].DueAt);
            Assert.Equal(sessions[2].AppointmentId, scored[SurveyOccasion.MidSeries].AppointmentId);
            Assert.Equal(Local(12, 18, 13, 40), scored[SurveyOccasion.EndOfSeries].DueAt);
            Assert.Equal(Local(12, 25, 10, 40), scored[SurveyOccasion.FollowUpOneWeek].DueAt);
            Assert.Equal(
                new LocalDateTime(2027, 1, 17, 10, 40).InZoneStrictly(NewYork).ToInstant(),
                scored[SurveyOccasion.FollowUpOneMonth].DueAt
            );
        }
    }

    [Fact]
    public void PostSessionCheck_IsDueThreeHoursAfterTheSessionEnds_AndTheNextMorning()
    {
        var start = Local(12, 7, 9);
        var template = Template(
            new FollowUpRule(FollowUpKind.PostSessionCheck, Duration.FromHours(3), "each"),
            new FollowUpRule(FollowUpKind.PostSessionCheck, Duration.FromHours(24), "each")
        );

        var surveys = FollowUpSchedule.ForSeries(template, Sessions(start), Window, LongAgo);

        Assert.Equal(
            [(SurveyOccasion.PostSession, Local(12, 7, 13, 40)), (SurveyOccasion.NextMorning, Local(12, 8, 10, 40))],
            surveys.Select(s => (s.Occasion, s.DueAt))
        );
        Assert.All(surveys, s => Assert.Equal(s.DueAt + FollowUpSchedule.PostSessionLifetime, s.ExpiresAt));
        Assert.All(surveys, s => Assert.Null(s.ReminderAt));
    }

    [Fact]
    public void PostSessionCheck_MovesToTheNextMorning_WhenDueAfterTheWindowCloses()
    {
        var template = Template(new FollowUpRule(FollowUpKind.PostSessionCheck, Duration.FromHours(3), "each"));

        var survey = Assert.Single(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 16)), Window, LongAgo));

        Assert.Equal(Local(12, 8, 8), survey.DueAt);
    }

    [Fact]
    public void Baseline_GoesAtOnce_WhenItsTimeHasPassedButTheSessionIsStillToCome()
    {
        var now = Local(12, 7, 10);
        var template = Template(new FollowUpRule(FollowUpKind.Phq9, Duration.FromHours(-24), "first"));

        var survey = Assert.Single(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 15)), Window, now));

        Assert.Equal(
            (SurveyOccasion.Baseline, now, Local(12, 7, 15)),
            (survey.Occasion, survey.DueAt, survey.ExpiresAt)
        );
    }

    [Fact]
    public void Baseline_IsDropped_WhenLessThanTheMinimumAnswerTimeIsLeftBeforeTheSession()
    {
        var template = Template(new FollowUpRule(FollowUpKind.Phq9, Duration.FromHours(-24), "first"));

        Assert.Empty(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 10, 30)), Window, Local(12, 7, 10)));
    }

    [Fact]
    public void FollowUp_IsNotBackFilled_WhenItsTimeHasPassed()
    {
        var template = Template(new FollowUpRule(FollowUpKind.PostSessionCheck, Duration.FromHours(3), "each"));

        Assert.Empty(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 9)), Window, Local(12, 7, 14)));
    }

    [Fact]
    public void Reminder_IsPlannedForScoredQuestionnaires_ADayAfterTheInvitation()
    {
        var template = Template(new FollowUpRule(FollowUpKind.Gad7, Duration.FromHours(3), "last"));

        var survey = Assert.Single(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 9)), Window, LongAgo));

        Assert.Equal(survey.DueAt + FollowUpSchedule.ReminderAfter, survey.ReminderAt);
        Assert.Equal(survey.DueAt + FollowUpSchedule.ScoredLifetime, survey.ExpiresAt);
        Assert.Equal(survey.ExpiresAt - FollowUpSchedule.MinimumAnswerTime, survey.InvitationNotAfter);
    }

    [Fact]
    public void Reminder_IsLeftOut_WhenTheSurveyExpiresTooSoonAfterIt()
    {
        var now = Local(12, 6, 9);
        var template = Template(new FollowUpRule(FollowUpKind.Phq9, Duration.FromHours(-24), "first"));

        var survey = Assert.Single(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 9)), Window, now));

        Assert.Null(survey.ReminderAt);
    }

    [Fact]
    public void ForSeries_PlansOneSurvey_WhenTwoRulesMeanTheSameOccasion()
    {
        var template = Template(
            new FollowUpRule(FollowUpKind.Phq9, Duration.FromHours(3), "last"),
            new FollowUpRule(FollowUpKind.Phq9, Duration.FromHours(4), "last")
        );

        var survey = Assert.Single(FollowUpSchedule.ForSeries(template, Sessions(Local(12, 7, 9)), Window, LongAgo));

        Assert.Equal(Local(12, 7, 13, 40), survey.DueAt);
    }

    [Theory]
    [InlineData(FollowUpKind.PostSessionCheck, 3, false, false, SurveyOccasion.PostSession)]
    [InlineData(FollowUpKind.PostSessionCheck, 12, false, false, SurveyOccasion.NextMorning)]
    [InlineData(FollowUpKind.Phq9, -24, true, false, SurveyOccasion.Baseline)]
    [InlineData(FollowUpKind.Phq9, 0, true, false, SurveyOccasion.Baseline)]
    [InlineData(FollowUpKind.Phq9, 3, true, false, SurveyOccasion.MidSeries)]
    [InlineData(FollowUpKind.Gad7, 3, false, false, SurveyOccasion.MidSeries)]
    [InlineData(FollowUpKind.Phq9, 3, false, true, SurveyOccasion.EndOfSeries)]
    [InlineData(FollowUpKind.Pcl5, 23, false, true, SurveyOccasion.EndOfSeries)]
    [InlineData(FollowUpKind.Phq9, 24, false, true, SurveyOccasion.FollowUpOneWeek)]
    [InlineData(FollowUpKind.Phq9, 168, false, true, SurveyOccasion.FollowUpOneWeek)]
    [InlineData(FollowUpKind.Phq9, 336, false, true, SurveyOccasion.FollowUpOneMonth)]
    [InlineData(FollowUpKind.Phq9, 720, false, true, SurveyOccasion.FollowUpOneMonth)]
    public void OccasionOf_NamesWhatTheRuleIsFor(
        FollowUpKind kind,
        int hours,
        bool isFirst,
        bool isLast,
        SurveyOccasion expected
    )
    {
        Assert.Equal(
            expected,
            FollowUpSchedule.OccasionOf(new FollowUpRule(kind, Duration.FromHours(hours), "each"), isFirst, isLast)
        );
    }

    [Fact]
    public void EarliestAtOrAfter_KeepsAnInstantInsideTheWindow_AndMovesOthersToTheNextOpening()
    {
        Assert.Equal(Local(12, 7, 20), Window.EarliestAtOrAfter(Local(12, 7, 20)));
        Assert.Equal(Local(12, 8, 8), Window.EarliestAtOrAfter(Local(12, 7, 20, 1)));
        Assert.Equal(Local(12, 7, 8), Window.EarliestAtOrAfter(Local(12, 7, 2)));
    }
}
