namespace Scheduling.Domain.Surveys;

/// <summary>
/// The short check sent about 3 hours after each session and again the next morning. It is the
/// clinic's own form, not a published instrument, so it is defined here; changing a question or a
/// threshold means a new <see cref="Version"/>, because stored answers are read against the version
/// they were given under. The wording names no drug and no diagnosis: the page may be seen by others.
/// </summary>
public static class PostSessionCheckForm
{
    public const string Version = "1";

    public const string Nausea = "nausea";
    public const string Vomiting = "vomiting";
    public const string Dizziness = "dizziness";
    public const string Headache = "headache";
    public const string FeelingUnreal = "feeling-unreal";
    public const string Mood = "mood";
    public const string Drove = "drove";

    public const int None = 0;
    public const int Mild = 1;
    public const int Moderate = 2;
    public const int Severe = 3;

    /// <summary>A severe after-effect raises a safety alert (docs/domain.md, "The item-9 safety event").</summary>
    public const int SevereSideEffectAt = Severe;

    /// <summary>
    /// A nurse calls back from "moderate": most after-effects pass within hours, so mild ones are expected,
    /// while a moderate one still present at 3 hours or the next morning is worth a conversation.
    /// </summary>
    public const int NurseCallBackSymptomAtLeast = Moderate;

    /// <summary>A mood of 3 or less out of 10 is low enough that a person, not a form, should follow up.</summary>
    public const int NurseCallBackMoodAtMost = 3;

    public const int No = 0;
    public const int Yes = 1;

    public static IReadOnlyList<string> Symptoms { get; } = [Nausea, Vomiting, Dizziness, Headache, FeelingUnreal];

    internal static InstrumentDefinition Definition { get; } = Build();

    private static InstrumentDefinition Build()
    {
        AnswerOption[] severity =
        [
            new(None, "None"),
            new(Mild, "Mild"),
            new(Moderate, "Moderate"),
            new(Severe, "Severe"),
        ];
        AnswerOption[] mood =
        [
            .. Enumerable
                .Range(0, 11)
                .Select(v => new AnswerOption(
                    v,
                    v switch
                    {
                        0 => "0 = worst",
                        10 => "10 = best",
                        _ => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }
                )),
        ];
        AnswerOption[] yesNo = [new(Yes, "Yes"), new(No, "No")];

        return new InstrumentDefinition
        {
            Instrument = Instrument.PostSessionCheck,
            Name = "After-visit check",
            Version = $"Clinic form, version {Version}",
            VersionId = $"{nameof(Instrument.PostSessionCheck)}/{Version}",
            Stem = "Since your visit, how strong has each of these been?",
            Instructions = "Choose one answer for each question.",
            RecallPeriod = "since the visit",
            Options = severity,
            Items =
            [
                Symptom(Nausea, "Nausea", severity),
                Symptom(Vomiting, "Vomiting", severity),
                Symptom(Dizziness, "Dizziness", severity),
                Symptom(Headache, "Headache", severity),
                Symptom(FeelingUnreal, "Feeling strange or unreal", severity),
                new InstrumentItem(Mood, null, "How is your mood right now?", null, [], mood),
                new InstrumentItem(
                    Drove,
                    null,
                    "Did you drive yourself home or anywhere since your visit?",
                    null,
                    [],
                    yesNo
                ),
            ],
            ExtraItems = [],
            Scoring = null,
            Terms = "Written by the clinic for its own follow-up; not a validated instrument.",
        };
    }

    private static InstrumentItem Symptom(string key, string text, AnswerOption[] severity) =>
        new(key, null, text, null, [], severity);
}
