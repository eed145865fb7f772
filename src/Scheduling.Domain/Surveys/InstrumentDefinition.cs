namespace Scheduling.Domain.Surveys;

/// <summary>
/// One questionnaire exactly as patients see it and as it is scored. Text is the publisher's printed
/// wording, character for character; LOINC codes are data only and never shown.
/// </summary>
public sealed record InstrumentDefinition
{
    public required Instrument Instrument { get; init; }
    public required string Name { get; init; }

    /// <summary>The publisher's edition, in words.</summary>
    public required string Version { get; init; }

    /// <summary>Short and stable (at most 40 characters); what <see cref="Survey.InstrumentVersion"/> stores.</summary>
    public required string VersionId { get; init; }

    public required string Stem { get; init; }
    public string? Instructions { get; init; }
    public required string RecallPeriod { get; init; }

    /// <summary>The answer scale printed once for the whole form; every item also carries its own.</summary>
    public required IReadOnlyList<AnswerOption> Options { get; init; }

    /// <summary>The questions every patient answers; summed when <see cref="Scoring"/> is set.</summary>
    public required IReadOnlyList<InstrumentItem> Items { get; init; }

    /// <summary>Optional questions that are never scored (the PHQ-9 and GAD-7 difficulty questions).</summary>
    public required IReadOnlyList<InstrumentItem> ExtraItems { get; init; }

    /// <summary>Null for a check that raises flags but has no meaningful total.</summary>
    public TotalScoring? Scoring { get; init; }

    public string? PanelLoinc { get; init; }
    public string? TotalScoreLoinc { get; init; }

    /// <summary>The reproduction terms as the data file records them.</summary>
    public required string Terms { get; init; }

    /// <summary>
    /// The sentence the publisher prints on the form and asks to keep on copies; null when there is none.
    /// </summary>
    public string? CreditLine { get; init; }

    public string? Reference { get; init; }

    public string Code => Instrument.ToString();

    public InstrumentItem? FindItem(string key) =>
        Items.FirstOrDefault(i => i.Key == key) ?? ExtraItems.FirstOrDefault(i => i.Key == key);
}

public sealed record AnswerOption(int Value, string Label, string? Loinc = null);

/// <summary>
/// <paramref name="Key"/> is what <see cref="SurveyAnswer.Item"/> stores: "1".."20" for numbered items,
/// a name such as "difficulty" or "mood" otherwise.
/// </summary>
public sealed record InstrumentItem(
    string Key,
    int? Number,
    string Text,
    string? Loinc,
    IReadOnlyList<string> Flags,
    IReadOnlyList<AnswerOption> Options
)
{
    public bool HasFlag(string flag) => Flags.Contains(flag, StringComparer.Ordinal);

    public bool Allows(int value) => Options.Any(o => o.Value == value);
}

/// <summary>Flag names as the data file spells them.</summary>
public static class ItemFlags
{
    /// <summary>
    /// PHQ-9 item 9; any answer above 0 is a safety event (docs/domain.md, "The item-9 safety event").
    /// </summary>
    public const string SuicidalIdeation = "suicidal-ideation";
}

public sealed record TotalScoring(
    string Method,
    int Min,
    int Max,
    IReadOnlyList<ScoreBand> Bands,
    CutPoint? CutPoint,
    CutPointRange? ProvisionalCutPoint
)
{
    public ScoreBand? BandFor(int total) => Bands.FirstOrDefault(b => b.Contains(total));
}

public sealed record ScoreBand(int Min, int Max, string Label)
{
    public bool Contains(int total) => total >= Min && total <= Max;
}

public sealed record CutPoint(int Score, string Meaning);

/// <summary>A cut-point the publisher gives only as a range (PCL-5: 31-33); the user picks a value in it.</summary>
public sealed record CutPointRange(int Min, int Max, string Meaning);
