using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

public sealed class PostSessionCheckScoringTests
{
    // Boundary cases: every symptom at none and at mild (no flag); each symptom at moderate (call-back
    // only) and at severe (alert and call-back); mood 4 (no flag), 3 (call-back), 0; mood 10 and 11
    // (top of the scale, outside it); drove yes and no; the drive question left out.

    public static TheoryData<string> Symptoms => [.. PostSessionCheckForm.Symptoms];

    [Fact]
    public void Score_RaisesNoFlag_WhenNothingToReport()
    {
        var result = SurveyScoring.Score(Instrument.PostSessionCheck, SurveyAnswers.QuietCheck());

        Assert.True(result.IsValid);
        Assert.Empty(result.Flags);
        Assert.Null(result.Total);
        Assert.Null(result.Band);
    }

    [Theory]
    [MemberData(nameof(Symptoms))]
    public void Score_RaisesNoFlag_WhenASymptomIsMild(string symptom)
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(symptom, PostSessionCheckForm.Mild)
        );

        Assert.Empty(result.Flags);
    }

    [Theory]
    [MemberData(nameof(Symptoms))]
    public void Score_AsksForANurseCallBack_WhenASymptomIsModerate(string symptom)
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(symptom, PostSessionCheckForm.Moderate)
        );

        Assert.Equal([SurveyFlag.NurseCallBack], result.Flags);
    }

    [Theory]
    [MemberData(nameof(Symptoms))]
    public void Score_RaisesSevereSideEffectAndCallBack_WhenASymptomIsSevere(string symptom)
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(symptom, PostSessionCheckForm.Severe)
        );

        Assert.Equal([SurveyFlag.SevereSideEffect, SurveyFlag.NurseCallBack], result.Flags);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(4, false)]
    [InlineData(3, true)]
    [InlineData(0, true)]
    public void Score_AsksForANurseCallBack_WhenMoodIsThreeOrLess(int mood, bool callBack)
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(PostSessionCheckForm.Mood, mood)
        );

        Assert.True(result.IsValid);
        Assert.Equal(callBack, result.Has(SurveyFlag.NurseCallBack));
    }

    [Fact]
    public void Score_RefusesMood_WhenAboveTen()
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(PostSessionCheckForm.Mood, 11)
        );

        Assert.Equal([SurveyScoring.NotAnOption], result.Errors[PostSessionCheckForm.Mood]);
    }

    [Theory]
    [InlineData(PostSessionCheckForm.Yes, true)]
    [InlineData(PostSessionCheckForm.No, false)]
    public void Score_FlagsDriving_WhenThePatientDrove(int drove, bool flagged)
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().With(PostSessionCheckForm.Drove, drove)
        );

        Assert.Equal(flagged, result.Has(SurveyFlag.DroveAfterSession));
    }

    [Fact]
    public void Score_ReportsTheDriveQuestion_WhenLeftOut()
    {
        var result = SurveyScoring.Score(
            Instrument.PostSessionCheck,
            SurveyAnswers.QuietCheck().Without(PostSessionCheckForm.Drove)
        );

        Assert.Equal([SurveyScoring.Unanswered], result.Errors[PostSessionCheckForm.Drove]);
    }
}
