namespace Scheduling.Domain.Surveys;

/// <summary>
/// What a set of answers means. <see cref="Errors"/> is keyed by item (as <see cref="SurveyAnswer.Item"/>
/// spells it) so a page can show each message beside its question. <see cref="Total"/> and
/// <see cref="Band"/> are set only for a complete, valid form of an instrument that has a total, but
/// <see cref="Flags"/> are read from every valid answer even when others are missing: a positive
/// answer about self-harm must not disappear because another question was skipped.
/// </summary>
public sealed record ScoreResult(
    Instrument Instrument,
    string InstrumentVersion,
    int? Total,
    string? Band,
    IReadOnlyList<SurveyFlag> Flags,
    IReadOnlyDictionary<string, string[]> Errors
)
{
    public bool IsValid => Errors.Count == 0;

    public bool Has(SurveyFlag flag) => Flags.Contains(flag);
}

public enum SurveyFlag
{
    /// <summary>PHQ-9 item 9 above 0: an urgent alert to the on-call clinician.</summary>
    SelfHarmRisk,

    /// <summary>A post-session symptom rated severe: a safety alert.</summary>
    SevereSideEffect,

    /// <summary>A post-session symptom moderate or worse, or a low mood: a nurse call-back task.</summary>
    NurseCallBack,

    /// <summary>The patient drove after a session despite the instructions: the clinician should know.</summary>
    DroveAfterSession,
}
