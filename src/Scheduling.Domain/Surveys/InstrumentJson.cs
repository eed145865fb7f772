using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduling.Domain.Surveys;

// The shape of instruments.json, kept apart from the public records so the file can gain fields
// (sources, variants, notes) without changing what the rest of the code sees. Everything is nullable
// here because the reader, not the serializer, decides what a missing field means.

internal sealed record InstrumentFileJson(string? CompiledOn, IReadOnlyList<InstrumentJson>? Instruments);

internal sealed record InstrumentJson(
    string? Code,
    string? Name,
    string? Version,
    string? Reference,
    string? Loinc,
    string? LoincTotalScore,
    string? Terms,
    string? Stem,
    string? Instructions,
    string? RecallPeriod,
    IReadOnlyList<OptionJson>? Options,
    IReadOnlyList<ItemJson>? Items,
    IReadOnlyList<ExtraItemJson>? ExtraItems,
    ScoringJson? Scoring
);

internal sealed record OptionJson(int? Value, string? Label, string? Loinc);

internal sealed record ItemJson(int? Number, string? Text, string? Loinc, IReadOnlyList<string>? Flags);

internal sealed record ExtraItemJson(
    string? Id,
    bool? Scored,
    string? Text,
    string? Loinc,
    IReadOnlyList<OptionJson>? Options
);

internal sealed record ScoringJson(
    string? Method,
    int? Min,
    int? Max,
    IReadOnlyList<BandJson>? Bands,
    CutPointJson? CutPoint,
    CutPointRangeJson? ProvisionalCutPoint
);

internal sealed record BandJson(int? Min, int? Max, string? Label);

internal sealed record CutPointJson(int? Score, string? Meaning);

internal sealed record CutPointRangeJson(int? Min, int? Max, string? Meaning);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InstrumentFileJson))]
internal sealed partial class InstrumentJsonContext : JsonSerializerContext;
