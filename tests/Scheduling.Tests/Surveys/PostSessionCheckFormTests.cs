using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging.Content;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

public sealed class PostSessionCheckFormTests
{
    // Boundary cases: the mood scale's ends (0 = worst, 10 = best); every symptom on the same four-step
    // scale; answer keys within the 40-character column; no text that the messaging word check refuses.

    private static readonly InstrumentDefinition Form = InstrumentCatalog.Get(Instrument.PostSessionCheck);

    [Fact]
    public void Items_AreTheProductsSymptomsThenMoodThenDriving()
    {
        Assert.Equal(
            ["nausea", "vomiting", "dizziness", "headache", "feeling-unreal", "mood", "drove"],
            Form.Items.Select(i => i.Key)
        );
        Assert.Equal("Feeling strange or unreal", Form.Items[4].Text);
        Assert.Equal("How is your mood right now?", Form.Items[5].Text);
        Assert.Equal("Did you drive yourself home or anywhere since your visit?", Form.Items[6].Text);
    }

    [Fact]
    public void Symptoms_AreRatedNoneToSevere()
    {
        Assert.All(Form.Items.Where(i => PostSessionCheckForm.Symptoms.Contains(i.Key)), i =>
            Assert.Equal(["None", "Mild", "Moderate", "Severe"], i.Options.Select(o => o.Label))
        );
    }

    [Fact]
    public void Mood_RunsFromWorstAtZeroToBestAtTen()
    {
        var mood = Form.FindItem(PostSessionCheckForm.Mood)!.Options;

        Assert.Equal(Enumerable.Range(0, 11), mood.Select(o => o.Value));
        Assert.Equal("0 = worst", mood[0].Label);
        Assert.Equal("10 = best", mood[10].Label);
    }

    [Fact]
    public void Wording_NamesNoDrugAndNoDiagnosis()
    {
        var check = new ContentCheck(Options.Create(new ContentOptions()));
        var texts = new[] { Form.Name, Form.Stem, Form.Instructions, Form.Terms }.Concat(
            Form.Items.SelectMany(i => i.Options.Select(o => o.Label).Prepend(i.Text))
        );

        Assert.All(texts, t => Assert.Empty(check.FindForbidden(t)));
    }

    [Fact]
    public void Keys_FitTheAnswerColumn()
    {
        Assert.All(InstrumentCatalog.All.SelectMany(d => d.Items.Concat(d.ExtraItems)), i =>
            Assert.InRange(i.Key.Length, 1, 40)
        );
    }
}
