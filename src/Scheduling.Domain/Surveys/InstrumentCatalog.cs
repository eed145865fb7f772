namespace Scheduling.Domain.Surveys;

/// <summary>
/// Every questionnaire the product uses: the published ones from the embedded instruments.json, the
/// post-session check from code. Read once, on first use; a broken data file fails there, loudly.
/// </summary>
public static class InstrumentCatalog
{
    internal const string ResourceName = "Scheduling.Domain.Surveys.instruments.json";

    private static readonly Lazy<IReadOnlyDictionary<Instrument, InstrumentDefinition>> Definitions = new(Load);

    public static IReadOnlyCollection<InstrumentDefinition> All => [.. Definitions.Value.Values];

    public static InstrumentDefinition Get(Instrument instrument) =>
        Definitions.Value.TryGetValue(instrument, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(
                nameof(instrument),
                instrument,
                "No definition for this instrument."
            );

    private static Dictionary<Instrument, InstrumentDefinition> Load()
    {
        using var stream = typeof(InstrumentCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        var definitions = InstrumentFileReader
            .Read(stream)
            .Append(PostSessionCheckForm.Definition)
            .ToDictionary(d => d.Instrument);

        // Each enum value needs a definition: a survey planned for one the catalog lacks could never be scored.
        var missing = Enum.GetValues<Instrument>().Where(i => !definitions.ContainsKey(i)).ToList();
        return missing.Count == 0
            ? definitions
            : throw new InvalidDataException($"instruments.json: no definition for {string.Join(", ", missing)}.");
    }
}
