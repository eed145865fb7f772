using System.Globalization;
using System.Text.Json;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// Turns instruments.json into definitions. Shipped data that does not hold together is a bug, so a
/// gap (an unnumbered item, a band that leaves a score uncovered) throws instead of scoring half a form.
/// </summary>
internal static class InstrumentFileReader
{
    private const int MaxVersionIdLength = 40;

    public static IReadOnlyList<InstrumentDefinition> Read(Stream json)
    {
        var file = JsonSerializer.Deserialize(json, InstrumentJsonContext.Default.InstrumentFileJson)
            ?? throw Broken("the file is empty");
        var compiledOn = Required(file.CompiledOn, "compiledOn");
        return [.. (file.Instruments ?? []).Select(i => Map(i, compiledOn))];
    }

    private static InstrumentDefinition Map(InstrumentJson json, string compiledOn)
    {
        var code = Required(json.Code, "code");
        if (!Enum.GetNames<Instrument>().Contains(code, StringComparer.Ordinal))
            throw Broken($"unknown instrument code '{code}'");
        var options = Options(json.Options, code);
        var items = (json.Items ?? []).Select((item, index) => Item(item, index, options, code)).ToList();
        if (items.Count == 0)
            throw Broken($"{code} has no items");
        // The file's compile date versions the wording: each survey stores this id, so answers given
        // before the file changes stay tied to the text the patient actually saw.
        var versionId = $"{code}/{compiledOn}";
        if (versionId.Length > MaxVersionIdLength)
            throw Broken($"{code} version id '{versionId}' is longer than {MaxVersionIdLength}");
        var terms = Required(json.Terms, $"{code} terms");

        return new InstrumentDefinition
        {
            Instrument = Enum.Parse<Instrument>(code),
            Name = Required(json.Name, $"{code} name"),
            Version = Required(json.Version, $"{code} version"),
            VersionId = versionId,
            Stem = Required(json.Stem, $"{code} stem"),
            Instructions = json.Instructions,
            RecallPeriod = Required(json.RecallPeriod, $"{code} recallPeriod"),
            Options = options,
            Items = items,
            ExtraItems = [.. (json.ExtraItems ?? []).Select(e => ExtraItem(e, code))],
            Scoring = Scoring(json.Scoring ?? throw Broken($"{code} has no scoring"), code),
            PanelLoinc = json.Loinc,
            TotalScoreLoinc = json.LoincTotalScore,
            Terms = terms,
            CreditLine = CreditLine(terms),
            Reference = json.Reference,
        };
    }

    private static InstrumentItem Item(ItemJson json, int index, IReadOnlyList<AnswerOption> options, string code)
    {
        // Answers are stored by number, so a gap or a reordering would silently score the wrong question.
        if (json.Number != index + 1)
            throw Broken($"{code} item at position {index + 1} is numbered {json.Number}");
        var number = index + 1;
        return new InstrumentItem(
            number.ToString(CultureInfo.InvariantCulture),
            number,
            Required(json.Text, $"{code} item {number} text"),
            json.Loinc,
            [.. json.Flags ?? []],
            options
        );
    }

    private static InstrumentItem ExtraItem(ExtraItemJson json, string code)
    {
        var id = Required(json.Id, $"{code} extra item id");
        if (json.Scored != false)
            throw Broken($"{code} extra item '{id}' is not marked unscored");
        return new InstrumentItem(
            id,
            null,
            Required(json.Text, $"{code} {id} text"),
            json.Loinc,
            [],
            Options(json.Options, $"{code} {id}")
        );
    }

    private static AnswerOption[] Options(IReadOnlyList<OptionJson>? json, string owner)
    {
        var options = (json ?? [])
            .Select(o => new AnswerOption(
                o.Value ?? throw Broken($"{owner} has an option without a value"),
                Required(o.Label, $"{owner} option label"),
                o.Loinc
            ))
            .ToArray();
        if (options.Length == 0 || options.DistinctBy(o => o.Value).Count() != options.Length)
            throw Broken($"{owner} options are missing or repeat a value");
        return options;
    }

    private static TotalScoring Scoring(ScoringJson json, string code)
    {
        var min = json.Min ?? throw Broken($"{code} scoring has no min");
        var max = json.Max ?? throw Broken($"{code} scoring has no max");
        var bands = (json.Bands ?? [])
            .Select(b => new ScoreBand(
                b.Min ?? throw Broken($"{code} band without min"),
                b.Max ?? throw Broken($"{code} band without max"),
                Required(b.Label, $"{code} band label")
            ))
            .OrderBy(b => b.Min)
            .ToArray();
        var expectedMin = min;
        foreach (var band in bands)
        {
            if (band.Min != expectedMin || band.Max < band.Min)
                throw Broken($"{code} bands leave a gap or overlap at {expectedMin}");
            expectedMin = band.Max + 1;
        }
        if (bands.Length > 0 && expectedMin != max + 1)
            throw Broken($"{code} bands do not reach {max}");

        return new TotalScoring(
            Required(json.Method, $"{code} scoring method"),
            min,
            max,
            bands,
            json.CutPoint is { Score: { } score } cut ? new CutPoint(score, cut.Meaning ?? "") : null,
            json.ProvisionalCutPoint is { Min: { } low, Max: { } high } range
                ? new CutPointRange(low, high, range.Meaning ?? "")
                : null
        );
    }

    // The PHQ forms print one sentence the publisher asks copies to keep; the file quotes it inside the terms.
    private static string? CreditLine(string terms)
    {
        const string Opening = "\"Developed by";
        var start = terms.IndexOf(Opening, StringComparison.Ordinal);
        if (start < 0)
            return null;
        var end = terms.IndexOf('"', start + 1);
        return end < 0 ? null : terms[(start + 1)..end];
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw Broken($"{what} is missing") : value;

    private static InvalidDataException Broken(string detail) => new($"instruments.json: {detail}.");
}
