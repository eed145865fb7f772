using Scheduling.Domain.Surveys;
using static Scheduling.Domain.Surveys.SurveyOccasion;
using static Scheduling.Tests.Surveys.ScoreTrendTests;

namespace Scheduling.Tests.Surveys;

/// <summary>
/// After a series, a PHQ-9 5 or more above the best post-series score, or at 10 or more, suggests a booster.
/// </summary>
public sealed class BoosterRuleTests
{
    // Boundary cases: a rise of exactly 5 (due) and 4 (not) from the best post-series score; the best
    // score being a later follow-up rather than the end of series; a score of exactly 10 (due) and 9
    // (not) without a rise of 5; the end-of-series score alone (nothing after it yet); high scores before
    // the end of series; a new baseline after the end of series (a new course); an earlier high result
    // followed by a lower latest one (the rule reads the latest).

    private static ScoreTrend Phq9(params TrendPoint[] points) => ScoreTrend.For(Instrument.Phq9, points);

    [Theory]
    [InlineData(8, true)]
    [InlineData(7, false)]
    public void BoosterMayBeDue_WhenRisingFiveAboveTheEndOfSeriesScore(int followUp, bool due)
    {
        var trend = Phq9(At(0, Baseline, 20), At(14, EndOfSeries, 3), At(21, FollowUpOneWeek, followUp));

        Assert.Equal(due, trend.BoosterMayBeDue);
    }

    [Fact]
    public void BoosterMayBeDue_MeasuresTheRiseFromTheBestPostSeriesScore()
    {
        var trend = Phq9(
            At(0, Baseline, 20),
            At(14, EndOfSeries, 6),
            At(21, FollowUpOneWeek, 2),
            At(44, FollowUpOneMonth, 7)
        );

        Assert.Equal(
            new BoosterSignal(At(44, FollowUpOneMonth, 7), 2, RoseFromBest: true, ReachedThreshold: false),
            trend.Booster
        );
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(9, false)]
    public void BoosterMayBeDue_WhenReachingTen(int followUp, bool due)
    {
        var trend = Phq9(At(0, Baseline, 20), At(14, EndOfSeries, 8), At(21, FollowUpOneWeek, followUp));

        Assert.Equal(due, trend.BoosterMayBeDue);
        Assert.Equal(due, trend.Booster?.ReachedThreshold ?? false);
        Assert.False(trend.Booster?.RoseFromBest ?? false);
    }

    [Fact]
    public void BoosterMayBeDue_IsFalse_WhenNothingFollowsTheEndOfSeries()
    {
        Assert.False(Phq9(At(0, Baseline, 20), At(14, EndOfSeries, 12)).BoosterMayBeDue);
    }

    [Fact]
    public void BoosterMayBeDue_IsFalse_BeforeTheSeriesEnds()
    {
        Assert.False(Phq9(At(0, Baseline, 20), At(3, MidSeries, 4), At(7, MidSeries, 15)).BoosterMayBeDue);
    }

    [Fact]
    public void BoosterMayBeDue_IsFalse_WhenANewCourseHasBegun()
    {
        Assert.False(Phq9(At(0, Baseline, 20), At(14, EndOfSeries, 3), At(60, Baseline, 14)).BoosterMayBeDue);
    }

    [Fact]
    public void BoosterMayBeDue_ReadsTheLatestResult_WhenAnEarlierOneWasHigh()
    {
        Assert.False(
            Phq9(
                At(0, Baseline, 20),
                At(14, EndOfSeries, 3),
                At(21, FollowUpOneWeek, 11),
                At(44, FollowUpOneMonth, 6)
            ).BoosterMayBeDue
        );
    }
}
