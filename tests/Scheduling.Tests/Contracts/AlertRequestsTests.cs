using Scheduling.Core.Contracts;
using Scheduling.Domain.Alerts;
using Scheduling.Web.Api.Contracts.Alerts;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// GET /api/alerts?state= and POST /api/alerts/{id}/acknowledge as the web host reads them (docs/api-contract.md,
/// "Alerts"): `state` is open or acknowledged, none lists every alert; a note is kept trimmed, a blank one as none,
/// and one longer than 2,000 characters is an error on `note`.
/// </summary>
public sealed class AlertRequestsTests
{
    [Theory]
    [InlineData("open", AlertState.Open)]
    [InlineData("acknowledged", AlertState.Acknowledged)]
    [InlineData("OPEN", AlertState.Open)]
    [InlineData("Acknowledged", AlertState.Acknowledged)]
    public void AState_ReadsIntoThatState(string text, AlertState expected)
    {
        var state = AlertRequests.ReadState(text);

        Assert.Equal(OutcomeKind.Ok, state.Kind);
        Assert.Equal(expected, state.Value);
    }

    [Fact]
    public void NoState_MeansEveryAlert()
    {
        var state = AlertRequests.ReadState(null);

        Assert.Equal(OutcomeKind.Ok, state.Kind);
        Assert.Null(state.Value);
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("open-ish")]
    public void AnyOtherState_IsAnErrorOnState(string text)
    {
        var state = AlertRequests.ReadState(text);

        Assert.Equal(OutcomeKind.Invalid, state.Kind);
        Assert.Equal(["state"], state.Errors.Keys);
        Assert.Equal(["Expected open or acknowledged."], state.Errors["state"]);
    }

    [Fact]
    public void ANote_IsKeptTrimmed()
    {
        var note = AlertRequests.ReadNote(new AcknowledgeInput("  Called the patient; safe plan agreed.  "));

        Assert.Equal(OutcomeKind.Ok, note.Kind);
        Assert.Equal("Called the patient; safe plan agreed.", note.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ABlankOrMissingNote_IsNone(string? text)
    {
        Assert.Null(AlertRequests.ReadNote(new AcknowledgeInput(text)).Value);
        Assert.Equal(OutcomeKind.Ok, AlertRequests.ReadNote(null).Kind);
        Assert.Null(AlertRequests.ReadNote(null).Value);
    }

    [Fact]
    public void ANoteOf2000Characters_IsTaken()
    {
        var text = new string('n', 2000);

        Assert.Equal(text, AlertRequests.ReadNote(new AcknowledgeInput(text)).Value);
    }

    [Fact]
    public void ANoteLongerThan2000Characters_IsAnErrorOnNote()
    {
        var note = AlertRequests.ReadNote(new AcknowledgeInput(new string('n', 2001)));

        Assert.Equal(OutcomeKind.Invalid, note.Kind);
        Assert.Equal(["note"], note.Errors.Keys);
    }
}
