using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

/// <summary>A patient's bad input comes back as errors per question, never as an exception.</summary>
public sealed class InvalidAnswersTests
{
    // Boundary cases: one scored item missing; nothing answered; a value one below and one above the
    // scale (-1, 4 on PHQ-9; 5 on PCL-5); an item number past the last (PHQ-9 "10", PCL-5 "21"), item "0",
    // a name the form does not have; the difficulty question on PCL-5 (which has none) and out of range.

    [Fact]
    public void Score_ReportsTheMissingItem_WhenOneIsUnanswered()
    {
        var result = SurveyScoring.Score(Instrument.Gad7, SurveyAnswers.ForTotal(Instrument.Gad7, 5).Without("3"));

        Assert.False(result.IsValid);
        Assert.Equal(["3"], result.Errors.Keys);
        Assert.Equal([SurveyScoring.Unanswered], result.Errors["3"]);
        Assert.Null(result.Total);
        Assert.Null(result.Band);
    }

    [Theory]
    [InlineData(Instrument.Phq9, 9)]
    [InlineData(Instrument.Gad7, 7)]
    [InlineData(Instrument.Pcl5, 20)]
    [InlineData(Instrument.PostSessionCheck, 7)]
    public void Score_ReportsEveryItem_WhenNothingIsAnswered(Instrument instrument, int items)
    {
        var result = SurveyScoring.Score(instrument, new Dictionary<string, int>());

        Assert.Equal(items, result.Errors.Count);
        Assert.All(result.Errors.Values, e => Assert.Equal([SurveyScoring.Unanswered], e));
    }

    [Theory]
    [InlineData(Instrument.Phq9, "1", -1)]
    [InlineData(Instrument.Phq9, "1", 4)]
    [InlineData(Instrument.Gad7, "7", 4)]
    [InlineData(Instrument.Pcl5, "20", 5)]
    [InlineData(Instrument.Phq9, "difficulty", 4)]
    public void Score_RefusesTheValue_WhenOutsideTheScale(Instrument instrument, string item, int value)
    {
        var result = SurveyScoring.Score(instrument, SurveyAnswers.ForTotal(instrument, 0).With(item, value));

        Assert.Equal([item], result.Errors.Keys);
        Assert.Equal([SurveyScoring.NotAnOption], result.Errors[item]);
        Assert.Null(result.Total);
    }

    [Theory]
    [InlineData(Instrument.Phq9, "10")]
    [InlineData(Instrument.Phq9, "0")]
    [InlineData(Instrument.Pcl5, "21")]
    [InlineData(Instrument.Pcl5, "difficulty")]
    [InlineData(Instrument.Gad7, "mood")]
    [InlineData(Instrument.Gad7, " 1")]
    public void Score_RefusesTheItem_WhenNotOnTheForm(Instrument instrument, string item)
    {
        var result = SurveyScoring.Score(instrument, SurveyAnswers.ForTotal(instrument, 0).With(item, 0));

        Assert.Equal([item], result.Errors.Keys);
        Assert.Equal([SurveyScoring.UnknownItem], result.Errors[item]);
        Assert.Null(result.Total);
    }

    [Fact]
    public void Score_Throws_WhenAnswersAreNull()
    {
        Assert.Throws<ArgumentNullException>(() => SurveyScoring.Score(Instrument.Phq9, null!));
    }
}
