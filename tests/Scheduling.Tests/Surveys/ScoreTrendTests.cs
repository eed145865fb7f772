using NodaTime;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

public sealed class ScoreTrendTests
{
    // Boundary cases: response at exactly 50 % below baseline (20 -> 10) and one point short (20 -> 11);
    // an odd baseline (15 -> 7 responds, 15 -> 8 does not); remission at 4 and not at 5; a baseline of 0
    // (no percentage, no response); no baseline at all; results given out of order; GAD-7 (change only).

    private static readonly Instant Day0 = Instant.FromUtc(2026, 12, 1, 15, 0);

    internal static TrendPoint At(int day, SurveyOccasion occasion, int total) =>
        new(Day0.Plus(Duration.FromDays(day)), occasion, total);

    [Theory]
    [InlineData(20, 10, true)]
    [InlineData(20, 11, false)]
    [InlineData(15, 7, true)]
    [InlineData(15, 8, false)]
    [InlineData(0, 0, false)]
    public void Response_IsAtLeastHalfBelowBaseline(int baseline, int total, bool response)
    {
        var trend = ScoreTrend.For(
            Instrument.Phq9,
            [At(0, SurveyOccasion.Baseline, baseline), At(14, SurveyOccasion.EndOfSeries, total)]
        );

        Assert.Equal(response, trend.Latest!.Response);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Remission_IsAPhq9BelowFive(int total, bool remission)
    {
        var trend = ScoreTrend.For(
            Instrument.Phq9,
            [At(0, SurveyOccasion.Baseline, 18), At(14, SurveyOccasion.EndOfSeries, total)]
        );

        Assert.Equal(remission, trend.Latest!.Remission);
    }

    [Fact]
    public void Entries_ChangeFromBaseline_InPointsAndPercent()
    {
        var trend = ScoreTrend.For(
            Instrument.Phq9,
            [
                At(0, SurveyOccasion.Baseline, 20),
                At(7, SurveyOccasion.MidSeries, 15),
                At(14, SurveyOccasion.EndOfSeries, 22),
            ]
        );

        Assert.Equal([0, -5, 2], trend.Entries.Select(e => e.Change));
        Assert.Equal([0m, -25m, 10m], trend.Entries.Select(e => e.PercentChange));
        Assert.Equal([null, false, false], trend.Entries.Select(e => e.Response));
    }

    [Fact]
    public void Entries_AreInTimeOrder_WhenGivenOutOfOrder()
    {
        var trend = ScoreTrend.For(
            Instrument.Phq9,
            [At(14, SurveyOccasion.EndOfSeries, 4), At(0, SurveyOccasion.Baseline, 16)]
        );

        Assert.Equal(16, trend.Baseline!.Total);
        Assert.Equal(-12, trend.Latest!.Change);
        Assert.Equal(-75m, trend.Latest.PercentChange);
    }

    [Fact]
    public void PercentChange_IsNull_WhenBaselineIsZero()
    {
        var trend = ScoreTrend.For(
            Instrument.Phq9,
            [At(0, SurveyOccasion.Baseline, 0), At(7, SurveyOccasion.MidSeries, 3)]
        );

        Assert.Equal(3, trend.Latest!.Change);
        Assert.Null(trend.Latest.PercentChange);
    }

    [Fact]
    public void Change_IsNull_WhenThereIsNoBaseline()
    {
        var trend = ScoreTrend.For(Instrument.Phq9, [At(7, SurveyOccasion.MidSeries, 3)]);

        Assert.Null(trend.Baseline);
        Assert.Null(trend.Latest!.Change);
        Assert.Null(trend.Latest.Response);
        Assert.True(trend.Latest.Remission);
    }

    [Fact]
    public void Gad7_HasChangeButNoResponseRemissionOrBooster()
    {
        var trend = ScoreTrend.For(
            Instrument.Gad7,
            [
                At(0, SurveyOccasion.Baseline, 16),
                At(14, SurveyOccasion.EndOfSeries, 2),
                At(21, SurveyOccasion.FollowUpOneWeek, 15),
            ]
        );

        Assert.Equal(-1, trend.Latest!.Change);
        Assert.Null(trend.Latest.Response);
        Assert.Null(trend.Latest.Remission);
        Assert.False(trend.BoosterMayBeDue);
    }

    [Fact]
    public void For_Throws_WhenTheInstrumentHasNoTotal()
    {
        Assert.Throws<ArgumentException>(() => ScoreTrend.For(Instrument.PostSessionCheck, []));
    }
}
