using System.Text;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

/// <summary>A data file that does not hold together fails on load instead of scoring half a form.</summary>
public sealed class InstrumentFileReaderTests
{
    // Boundary cases: a minimal valid file; items numbered out of order; bands with a gap, an overlap,
    // or stopping short of the maximum; an unknown instrument code; an extra item not marked unscored.

    private const string Items = """[{ "number": 1, "text": "One" }, { "number": 2, "text": "Two" }]""";
    private const string Bands =
        """[{ "min": 0, "max": 2, "label": "Low" }, { "min": 3, "max": 6, "label": "High" }]""";

    private static string File(string code = "Gad7", string items = Items, string bands = Bands, string extra = "[]") =>
        $$"""
            { "compiledOn": "2026-01-01", "instruments": [{
              "code": "{{code}}", "name": "N", "version": "V", "terms": "T", "stem": "S", "recallPeriod": "R",
              "options": [{ "value": 0, "label": "No" }, { "value": 3, "label": "Yes" }],
              "items": {{items}}, "extraItems": {{extra}},
              "scoring": { "method": "sum", "min": 0, "max": 6, "bands": {{bands}} } }] }
            """;

    private static IReadOnlyList<InstrumentDefinition> Read(string json) =>
        InstrumentFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Read_MapsAMinimalFile()
    {
        var definition = Assert.Single(Read(File()));

        Assert.Equal(Instrument.Gad7, definition.Instrument);
        Assert.Equal("Gad7/2026-01-01", definition.VersionId);
        Assert.Equal(["1", "2"], definition.Items.Select(i => i.Key));
        Assert.Equal("High", definition.Scoring!.BandFor(6)!.Label);
        Assert.Null(definition.CreditLine);
    }

    [Theory]
    [InlineData("""[{ "number": 2, "text": "Two" }, { "number": 1, "text": "One" }]""")]
    [InlineData("""[{ "number": 1, "text": "One" }, { "number": 3, "text": "Three" }]""")]
    [InlineData("""[{ "number": 1, "text": "" }]""")]
    [InlineData("[]")]
    public void Read_Throws_WhenItemsAreMisnumberedBlankOrMissing(string items)
    {
        Assert.Throws<InvalidDataException>(() => Read(File(items: items)));
    }

    [Theory]
    [InlineData("""[{ "min": 0, "max": 2, "label": "Low" }, { "min": 4, "max": 6, "label": "High" }]""")]
    [InlineData("""[{ "min": 0, "max": 3, "label": "Low" }, { "min": 3, "max": 6, "label": "High" }]""")]
    [InlineData("""[{ "min": 0, "max": 2, "label": "Low" }, { "min": 3, "max": 5, "label": "High" }]""")]
    [InlineData("""[{ "min": 1, "max": 6, "label": "All" }]""")]
    public void Read_Throws_WhenBandsLeaveAScoreUncovered(string bands)
    {
        Assert.Throws<InvalidDataException>(() => Read(File(bands: bands)));
    }

    [Theory]
    [InlineData("Phq10")]
    [InlineData("1")]
    public void Read_Throws_WhenTheCodeIsNotAnInstrument(string code)
    {
        Assert.Throws<InvalidDataException>(() => Read(File(code: code)));
    }

    [Fact]
    public void Read_Throws_WhenAnExtraItemIsNotMarkedUnscored()
    {
        var extra = """[{ "id": "difficulty", "text": "D", "options": [{ "value": 0, "label": "No" }] }]""";

        Assert.Throws<InvalidDataException>(() => Read(File(extra: extra)));
    }
}
