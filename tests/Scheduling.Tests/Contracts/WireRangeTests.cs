using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Web.Api.Contracts;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// README, "Hostile input": the wire takes only dates and durations every later step can compute with, so a
/// session in year 9999 or a duration of ten thousand years is a field error, never an overflow.
/// </summary>
public sealed class WireRangeTests
{
    [Theory]
    [InlineData("9999-12-31T23:00")]
    [InlineData("2200-01-01T09:00")]
    [InlineData("1899-12-31T09:00")]
    [InlineData("0001-01-01T00:00")]
    public void ALocalDateTimeOutsideTheRange_IsAFieldError(string text)
    {
        var problems = new Problems();

        Assert.Null(Wire.LocalDateTime(text, "start", problems));
        Assert.Contains("start", problems.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2199-12-31")]
    public void TheEdgesOfTheRange_AreTaken(string text)
    {
        var problems = new Problems();

        Assert.NotNull(Wire.LocalDate(text, "date", problems));
        Assert.False(problems.Any);
    }

    [Theory]
    [InlineData("P3650000D")]
    [InlineData("PT99999999999999H")]
    [InlineData("P3661D")]
    [InlineData("-P3661D")]
    [InlineData("P10000Y")]
    public void ADurationBeyondTenYears_IsAFieldError(string text)
    {
        var problems = new Problems();

        Assert.Null(Wire.Duration(text, "after", problems));
        Assert.Contains("after", problems.ToDictionary().Keys);
    }

    [Fact]
    public void TenYearsEitherWay_AreTaken()
    {
        var problems = new Problems();

        Assert.Equal(Duration.FromDays(3660), Wire.Duration("P3660D", "after", problems));
        Assert.Equal(-Duration.FromDays(3660), Wire.Duration("-P3660D", "after", problems));
        Assert.False(problems.Any);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("not a date")]
    [InlineData(null)]
    public void APagesDate_FallsBackToToday_OutsideTheRange(string? text)
    {
        var today = new LocalDate(2026, 11, 26);

        Assert.Equal(today, Wire.DateOr(text, today));
    }
}
