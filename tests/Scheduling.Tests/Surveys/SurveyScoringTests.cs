using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

public sealed class SurveyScoringTests
{
    // Boundary cases: every band edge as the JSON gives it (PHQ-9 0, 4/5, 9/10, 14/15, 19/20, 27;
    // GAD-7 0, 4/5, 9/10, 14/15, 21); PCL-5 0, 30/31 either side of the provisional cut-point, 32 and 33 inside
    // its range, 80 at the maximum; the difficulty question answered but not counted.

    [Theory]
    [InlineData(Instrument.Phq9, 0, "Minimal")]
    [InlineData(Instrument.Phq9, 4, "Minimal")]
    [InlineData(Instrument.Phq9, 5, "Mild")]
    [InlineData(Instrument.Phq9, 9, "Mild")]
    [InlineData(Instrument.Phq9, 10, "Moderate")]
    [InlineData(Instrument.Phq9, 14, "Moderate")]
    [InlineData(Instrument.Phq9, 15, "Moderately severe")]
    [InlineData(Instrument.Phq9, 19, "Moderately severe")]
    [InlineData(Instrument.Phq9, 20, "Severe")]
    [InlineData(Instrument.Phq9, 27, "Severe")]
    [InlineData(Instrument.Gad7, 0, "Minimal")]
    [InlineData(Instrument.Gad7, 4, "Minimal")]
    [InlineData(Instrument.Gad7, 5, "Mild")]
    [InlineData(Instrument.Gad7, 9, "Mild")]
    [InlineData(Instrument.Gad7, 10, "Moderate")]
    [InlineData(Instrument.Gad7, 14, "Moderate")]
    [InlineData(Instrument.Gad7, 15, "Severe")]
    [InlineData(Instrument.Gad7, 21, "Severe")]
    [InlineData(Instrument.Pcl5, 0, SurveyScoring.BelowPtsdCutPoint)]
    [InlineData(Instrument.Pcl5, 30, SurveyScoring.BelowPtsdCutPoint)]
    [InlineData(Instrument.Pcl5, 31, SurveyScoring.ProbablePtsd)]
    [InlineData(Instrument.Pcl5, 32, SurveyScoring.ProbablePtsd)]
    [InlineData(Instrument.Pcl5, 33, SurveyScoring.ProbablePtsd)]
    [InlineData(Instrument.Pcl5, 80, SurveyScoring.ProbablePtsd)]
    public void Score_GivesTotalAndBand_AtEachEdge(Instrument instrument, int total, string band)
    {
        var result = SurveyScoring.Score(instrument, SurveyAnswers.ForTotal(instrument, total));

        Assert.True(result.IsValid);
        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band);
    }

    [Fact]
    public void PtsdCutPoint_IsTheLowEndOfTheJsonRange()
    {
        var scoring = InstrumentCatalog.Get(Instrument.Pcl5).Scoring!;

        Assert.Empty(scoring.Bands);
        Assert.Equal(new CutPointRange(31, 33, scoring.ProvisionalCutPoint!.Meaning), scoring.ProvisionalCutPoint);
        Assert.Equal(31, SurveyScoring.PtsdCutPoint(scoring));
    }

    [Fact]
    public void Score_SumsEveryItem_WhenAnswersDiffer()
    {
        var answers = SurveyAnswers.ForTotal(Instrument.Gad7, 0).With(1, 3).With(4, 2).With(7, 1);

        Assert.Equal(6, SurveyScoring.Score(Instrument.Gad7, answers).Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Score_LeavesTheDifficultyQuestionOutOfTheTotal_WhenAnswered(int difficulty)
    {
        var result = SurveyScoring.Score(
            Instrument.Phq9,
            SurveyAnswers.ForTotal(Instrument.Phq9, 7).With("difficulty", difficulty)
        );

        Assert.True(result.IsValid);
        Assert.Equal(7, result.Total);
    }

    [Fact]
    public void Score_StampsTheDefinitionsVersionId()
    {
        var result = SurveyScoring.Score(Instrument.Phq9, SurveyAnswers.ForTotal(Instrument.Phq9, 0));

        Assert.Equal(InstrumentCatalog.Get(Instrument.Phq9).VersionId, result.InstrumentVersion);
    }

    [Theory]
    [InlineData(Instrument.Gad7, 21)]
    [InlineData(Instrument.Pcl5, 80)]
    public void Score_RaisesNoFlag_OnInstrumentsWithoutASafetyItem(Instrument instrument, int total)
    {
        Assert.Empty(SurveyScoring.Score(instrument, SurveyAnswers.ForTotal(instrument, total)).Flags);
    }
}
