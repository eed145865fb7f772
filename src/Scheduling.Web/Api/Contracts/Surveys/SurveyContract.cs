using Scheduling.Core.Surveys;

namespace Scheduling.Web.Api.Contracts.Surveys;

/// <summary>
/// `score` and `band` are null until the survey is completed. `changeFromBaseline` (points) and
/// `percentChangeFromBaseline` compare a completed survey with the latest baseline of its instrument;
/// `response` (at least 50 % below baseline) and `remission` (below 5) are given for PHQ-9 results after
/// the baseline, and null otherwise.
/// </summary>
public sealed record SurveyView(
    Guid Id,
    string Instrument,
    string Occasion,
    Guid? AppointmentId,
    Guid? SeriesId,
    string State,
    string DueInstant,
    string ExpiresAt,
    int? Score,
    string? Band,
    string? CompletedAt,
    int? ChangeFromBaseline,
    decimal? PercentChangeFromBaseline,
    bool? Response,
    bool? Remission
)
{
    public static SurveyView From(ScoredSurvey scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var (s, entry) = (scored.Survey, scored.Trend);
        return new(
            s.Id,
            s.Instrument.ToString(),
            s.Occasion.ToString(),
            s.AppointmentId,
            s.SeriesId,
            s.State.ToString(),
            Wire.Format(s.DueAt),
            Wire.Format(s.ExpiresAt),
            s.TotalScore,
            s.Band,
            s.CompletedAt is { } done ? Wire.Format(done) : null,
            entry?.Change,
            entry?.PercentChange is { } percent ? decimal.Round(percent, 1) : null,
            entry?.Response,
            entry?.Remission
        );
    }

    public static IReadOnlyList<SurveyView> ListOf(IReadOnlyList<ScoredSurvey> surveys) => [.. surveys.Select(From)];
}

/// <summary>
/// `flags` are what the answers raised: SelfHarmRisk, SevereSideEffect, NurseCallBack, DroveAfterSession.
/// </summary>
public sealed record SurveyDetailView(
    Guid Id,
    Guid PatientId,
    string Instrument,
    string InstrumentName,
    string InstrumentVersion,
    string Occasion,
    string State,
    int? Score,
    string? Band,
    string? CompletedAt,
    IReadOnlyList<string> Flags,
    IReadOnlyList<AnswerView> Answers
)
{
    public static SurveyDetailView From(AnsweredSurvey answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var survey = answered.Survey;
        return new(
            survey.Id,
            survey.PatientId,
            survey.Instrument.ToString(),
            answered.InstrumentName,
            survey.InstrumentVersion,
            survey.Occasion.ToString(),
            survey.State.ToString(),
            survey.TotalScore,
            survey.Band,
            survey.CompletedAt is { } done ? Wire.Format(done) : null,
            [.. answered.Flags.Select(f => f.ToString())],
            [.. answered.Answers.Select(a => new AnswerView(a.Item, a.Number, a.Text, a.Value, a.Label))]
        );
    }
}

/// <summary>
/// `item` is the answer key ("1".."20", "difficulty", "mood"…); `text` and `label` are the form's wording.
/// </summary>
public sealed record AnswerView(string Item, int? Number, string? Text, int Value, string? Label);
