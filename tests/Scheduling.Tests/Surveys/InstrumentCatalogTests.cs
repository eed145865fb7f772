using System.Text.Json;
using Scheduling.Domain.Surveys;
using Scheduling.Tests.Operations;

namespace Scheduling.Tests.Surveys;

/// <summary>The catalog shows patients the publishers' wording, character for character.</summary>
public sealed class InstrumentCatalogTests
{
    // Boundary cases: the spaced em dash (U+2014) in PHQ-9 items 6 and 8; curly quotes (U+201C/U+201D)
    // in PCL-5 item 17; option labels that circulating copies get wrong ("Several Days", "Over half the
    // days"); every text compared with the file read independently; the shipped copy byte-identical.

    private static readonly JsonElement Json = ReadJson();

    [Fact]
    public void Get_ReturnsADefinition_ForEveryInstrument()
    {
        Assert.All(Enum.GetValues<Instrument>(), i => Assert.Equal(i, InstrumentCatalog.Get(i).Instrument));
    }

    [Fact]
    public void Phq9Items6And8_KeepTheSpacedEmDash()
    {
        var phq9 = InstrumentCatalog.Get(Instrument.Phq9);

        Assert.Equal(
            "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
            phq9.Items[5].Text
        );
        Assert.Equal(
            "Moving or speaking so slowly that other people could have noticed? Or the opposite "
                + "\u2014 being so fidgety or restless that you have been moving around a lot more than usual",
            phq9.Items[7].Text
        );
    }

    [Fact]
    public void Pcl5Item17_KeepsTheCurlyQuotes()
    {
        Assert.Equal(
            "Being \u201Csuperalert\u201D or watchful or on guard?",
            InstrumentCatalog.Get(Instrument.Pcl5).Items[16].Text
        );
    }

    [Theory]
    [InlineData(Instrument.Phq9)]
    [InlineData(Instrument.Gad7)]
    public void Options_AreThePublishedLabels(Instrument instrument)
    {
        var options = InstrumentCatalog.Get(instrument).Options;

        Assert.Equal([0, 1, 2, 3], options.Select(o => o.Value));
        Assert.Equal(
            ["Not at all", "Several days", "More than half the days", "Nearly every day"],
            options.Select(o => o.Label)
        );
    }

    [Theory]
    [InlineData(Instrument.Phq9)]
    [InlineData(Instrument.Gad7)]
    [InlineData(Instrument.Pcl5)]
    public void Wording_EqualsTheJson_ForEveryText(Instrument instrument)
    {
        var json = Json.GetProperty("instruments")
            .EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == instrument.ToString());
        var definition = InstrumentCatalog.Get(instrument);

        Assert.Equal(json.GetProperty("stem").GetString(), definition.Stem);
        Assert.Equal(json.GetProperty("instructions").GetString(), definition.Instructions);
        Assert.Equal(
            json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()),
            definition.Items.Select(i => i.Text)
        );
        Assert.Equal(
            json.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("label").GetString()),
            definition.Options.Select(o => o.Label)
        );
        Assert.Equal(
            json.GetProperty("extraItems").EnumerateArray().Select(i => i.GetProperty("text").GetString()),
            definition.ExtraItems.Select(i => i.Text)
        );
    }

    [Fact]
    public void Phq9_CarriesItsLoincCodesAsData()
    {
        var phq9 = InstrumentCatalog.Get(Instrument.Phq9);

        Assert.Equal(("44249-1", "44261-6"), (phq9.PanelLoinc, phq9.TotalScoreLoinc));
        Assert.Equal("44260-8", phq9.Items[8].Loinc);
        Assert.Equal("LA6571-9", phq9.Options[3].Loinc);
    }

    [Theory]
    [InlineData(Instrument.Phq9)]
    [InlineData(Instrument.Gad7)]
    public void CreditLine_IsThePrintedDeveloperSentence(Instrument instrument)
    {
        Assert.Equal(
            "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
                + "educational grant from Pfizer Inc. "
                + "No permission required to reproduce, translate, display or distribute.",
            InstrumentCatalog.Get(instrument).CreditLine
        );
    }

    [Fact]
    public void VersionIds_AreDistinctAndFitTheColumn()
    {
        var ids = InstrumentCatalog.All.Select(d => d.VersionId).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.InRange(id.Length, 1, 40));
        Assert.Equal("Phq9/2026-11-26", InstrumentCatalog.Get(Instrument.Phq9).VersionId);
    }

    [Fact]
    public void EmbeddedFile_IsByteForByteTheRepositoryCopy()
    {
        Assert.Equal(
            File.ReadAllBytes(RepositoryRoot.File("src", "Scheduling.Domain", "Surveys", "instruments.json")),
            EmbeddedBytes()
        );
    }

    private static byte[] EmbeddedBytes()
    {
        using var stream = typeof(InstrumentCatalog).Assembly.GetManifestResourceStream(
            "Scheduling.Domain.Surveys.instruments.json"
        )!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static JsonElement ReadJson()
    {
        using var document = JsonDocument.Parse(EmbeddedBytes());
        return document.RootElement.Clone();
    }
}
