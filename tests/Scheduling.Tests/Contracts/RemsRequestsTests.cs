using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Rems;
using Scheduling.Web.Api.Contracts.Rems;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// docs/api-contract.md, "The front desk's month": `submittedAt` and `enrolledAt` are instants with offset that
/// have passed, now when absent; `reference` is at most 100 characters, kept trimmed.
/// </summary>
public sealed class RemsRequestsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 15, 0);

    [Fact]
    public void AFormWithATimeAndAReference_ReadsIntoTheRecord()
    {
        var read = RemsRequests.ReadForm(new RemsFormInput("2026-12-02T09:30:00-05:00", "MF-77"), Now);

        Assert.Equal(OutcomeKind.Ok, read.Kind);
        Assert.Equal(new RemsRecord(Instant.FromUtc(2026, 12, 2, 14, 30), "MF-77"), read.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoTime_RecordsNow(string? at)
    {
        var read = RemsRequests.ReadEnrollment(new RemsEnrollmentInput(at, null), Now);

        Assert.Equal(OutcomeKind.Ok, read.Kind);
        Assert.Null(read.Value!.At);
    }

    [Fact]
    public void NoBody_RecordsNowWithoutAReference()
    {
        var read = RemsRequests.ReadForm(null, Now);

        Assert.Equal(new RemsRecord(null, null), read.Value);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-12-02T09:30")]
    [InlineData("2026-12-02T15:00:01Z")]
    [InlineData("2300-01-01T00:00:00Z")]
    public void ATimeThatIsNotAnInstantThatHasPassed_IsAnErrorOfItsField(string at)
    {
        var form = RemsRequests.ReadForm(new RemsFormInput(at, null), Now);
        var enrollment = RemsRequests.ReadEnrollment(new RemsEnrollmentInput(at, null), Now);

        Assert.Equal(["submittedAt"], form.Errors.Keys);
        Assert.Equal(["enrolledAt"], enrollment.Errors.Keys);
    }

    [Fact]
    public void AReferenceOfMoreThan100Characters_IsAnError_AlongWithABadTime()
    {
        var read = RemsRequests.ReadForm(new RemsFormInput("2030-01-01T00:00:00Z", new string('r', 101)), Now);

        Assert.Equal(OutcomeKind.Invalid, read.Kind);
        Assert.Equal(["At most 100 characters."], read.Errors["reference"]);
        Assert.Equal(["Expected a time that has passed."], read.Errors["submittedAt"]);
    }

    [Fact]
    public void AReferenceOf100CharactersAroundSpaces_IsTaken()
    {
        var read = RemsRequests.ReadEnrollment(new RemsEnrollmentInput(null, $"  {new string('r', 100)}  "), Now);

        Assert.Equal(OutcomeKind.Ok, read.Kind);
    }
}
