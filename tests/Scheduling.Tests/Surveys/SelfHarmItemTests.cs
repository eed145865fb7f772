using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

/// <summary>
/// PHQ-9 item 9 above 0 is a safety event (docs/domain.md, "The item-9 safety event"); it must survive an
/// incomplete form.
/// </summary>
public sealed class SelfHarmItemTests
{
    // Boundary cases: item 9 at 0 (no flag, even with every other item at 3), at 1, 2 and 3 (flag, even
    // with a total in the lowest band); item 9 positive on a form missing another answer (flag kept,
    // no total); item 9 outside the scale (an error, not a flag).

    [Fact]
    public void Score_RaisesNoSelfHarmFlag_WhenItem9IsZero()
    {
        var result = SurveyScoring.Score(Instrument.Phq9, SurveyAnswers.ForTotal(Instrument.Phq9, 24).With(9, 0));

        Assert.Equal(24, result.Total);
        Assert.False(result.Has(SurveyFlag.SelfHarmRisk));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_RaisesSelfHarmFlag_WhenItem9IsAboveZero(int item9)
    {
        var result = SurveyScoring.Score(Instrument.Phq9, SurveyAnswers.ForTotal(Instrument.Phq9, 0).With(9, item9));

        Assert.Equal(item9, result.Total);
        Assert.Equal("Minimal", result.Band);
        Assert.Equal([SurveyFlag.SelfHarmRisk], result.Flags);
    }

    [Fact]
    public void Score_KeepsSelfHarmFlag_WhenAnotherItemIsMissing()
    {
        var result = SurveyScoring.Score(
            Instrument.Phq9,
            SurveyAnswers.ForTotal(Instrument.Phq9, 0).With(9, 1).Without("4")
        );

        Assert.False(result.IsValid);
        Assert.Null(result.Total);
        Assert.True(result.Has(SurveyFlag.SelfHarmRisk));
    }

    [Fact]
    public void Score_RefusesItem9_WhenOutsideTheScale()
    {
        var result = SurveyScoring.Score(Instrument.Phq9, SurveyAnswers.ForTotal(Instrument.Phq9, 0).With(9, 4));

        Assert.Equal([SurveyScoring.NotAnOption], result.Errors["9"]);
        Assert.Empty(result.Flags);
    }

    [Fact]
    public void Item9_IsTheOnlyItemFlaggedForSuicidalIdeation()
    {
        var flagged = InstrumentCatalog
            .All.SelectMany(d =>
                d.Items.Select(i => (d.Instrument, i.Key, Flagged: i.HasFlag(ItemFlags.SuicidalIdeation)))
            )
            .Where(x => x.Flagged)
            .Select(x => (x.Instrument, x.Key));

        Assert.Equal([(Instrument.Phq9, "9")], flagged);
    }
}
