namespace Scheduling.Domain.Surveys;

/// <summary>
/// Scores answers against the catalog's definition. Bad input from a patient's form is an expected
/// outcome, so it comes back as field errors; only a programming error (a null dictionary) throws.
/// </summary>
public static class SurveyScoring
{
    public const string Unanswered = "Please answer this question.";
    public const string NotAnOption = "Please choose one of the answers shown.";
    public const string UnknownItem = "This question is not part of the form.";

    /// <summary>
    /// The PCL-5 has no official bands. NCPTSD gives 31-33 as the range indicating probable PTSD and asks
    /// each user to choose; we take the lowest value of the published range, because here the score
    /// prompts a clinician's look rather than a diagnosis, and a missed positive costs more than an extra review.
    /// </summary>
    public const string ProbablePtsd = "Probable PTSD (provisional)";

    /// <summary>Neutral on purpose: a score below the cut-point does not rule PTSD out.</summary>
    public const string BelowPtsdCutPoint = "Below provisional cut-point";

    public static ScoreResult Score(Instrument instrument, IReadOnlyDictionary<string, int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var definition = InstrumentCatalog.Get(instrument);
        var errors = Validate(definition, answers);

        // Only answers that are on the form and in range count, for flags as much as for totals.
        var valid = answers
            .Where(a => definition.FindItem(a.Key) is { } item && item.Allows(a.Value))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var flags = Flags(definition, valid);

        if (errors.Count > 0 || definition.Scoring is not { } scoring)
            return new ScoreResult(instrument, definition.VersionId, null, null, flags, errors);

        var total = definition.Items.Sum(i => valid[i.Key]);
        return new ScoreResult(instrument, definition.VersionId, total, BandLabel(scoring, total), flags, errors);
    }

    /// <summary>The provisional cut-point used for PCL-5; see <see cref="ProbablePtsd"/>.</summary>
    public static int PtsdCutPoint(TotalScoring scoring) =>
        scoring.ProvisionalCutPoint?.Min
        ?? throw new InvalidOperationException("This instrument has no provisional cut-point.");

    private static Dictionary<string, string[]> Validate(
        InstrumentDefinition definition,
        IReadOnlyDictionary<string, int> answers
    )
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in answers)
        {
            if (definition.FindItem(key) is not { } item)
                errors[key] = [UnknownItem];
            else if (!item.Allows(value))
                errors[key] = [NotAnOption];
        }
        foreach (var item in definition.Items.Where(i => !answers.ContainsKey(i.Key)))
            errors[item.Key] = [Unanswered];
        return errors;
    }

    private static string? BandLabel(TotalScoring scoring, int total)
    {
        if (scoring.BandFor(total) is { } band)
            return band.Label;
        if (scoring.ProvisionalCutPoint is not null)
            return total >= PtsdCutPoint(scoring) ? ProbablePtsd : BelowPtsdCutPoint;

        // Validation keeps each item in range, so a total outside the bands means the data is wrong.
        throw new InvalidOperationException($"Total {total} falls outside every band.");
    }

    private static SurveyFlag[] Flags(InstrumentDefinition definition, Dictionary<string, int> answers)
    {
        var flags = new HashSet<SurveyFlag>();
        if (definition.Items.Any(i => i.HasFlag(ItemFlags.SuicidalIdeation) && answers.GetValueOrDefault(i.Key) > 0))
            flags.Add(SurveyFlag.SelfHarmRisk);

        if (definition.Instrument == Instrument.PostSessionCheck)
        {
            var symptoms = PostSessionCheckForm.Symptoms.Where(answers.ContainsKey).Select(s => answers[s]).ToList();
            if (symptoms.Any(v => v >= PostSessionCheckForm.SevereSideEffectAt))
                flags.Add(SurveyFlag.SevereSideEffect);
            if (
                symptoms.Any(v => v >= PostSessionCheckForm.NurseCallBackSymptomAtLeast)
                || (
                    answers.TryGetValue(PostSessionCheckForm.Mood, out var mood)
                    && mood <= PostSessionCheckForm.NurseCallBackMoodAtMost
                )
            )
                flags.Add(SurveyFlag.NurseCallBack);
            if (answers.GetValueOrDefault(PostSessionCheckForm.Drove) == PostSessionCheckForm.Yes)
                flags.Add(SurveyFlag.DroveAfterSession);
        }
        return [.. flags.Order()];
    }
}
