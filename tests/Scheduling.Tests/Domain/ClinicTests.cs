using NodaTime;
using Scheduling.Domain.Clinics;

namespace Scheduling.Tests.Domain;

public sealed class ClinicTests
{
    // Boundary cases: exactly at opening and closing, one minute outside, a closed date, across midnight.
    private static readonly LocalDate Monday = new(2026, 12, 7);

    private static Clinic Clinic() =>
        new()
        {
            Name = "Test clinic",
            TimeZoneId = "America/New_York",
            Phone = "+12025550100",
            OpeningHours =
            [
                new OpeningHours
                {
                    Day = IsoDayOfWeek.Monday,
                    Open = new LocalTime(8, 0),
                    Close = new LocalTime(18, 0),
                },
            ],
            ClosedDates = [new ClosedDate { Date = Monday.PlusWeeks(1) }],
        };

    [Theory]
    [InlineData(8, 0, 9, 40, true)]
    [InlineData(16, 20, 18, 0, true)]
    [InlineData(7, 59, 9, 39, false)]
    [InlineData(16, 21, 18, 1, false)]
    public void IsOpenDuring_HonoursOpeningHoursToTheMinute(
        int startHour,
        int startMinute,
        int endHour,
        int endMinute,
        bool expected
    )
    {
        var open = Clinic()
            .IsOpenDuring(
                Monday.At(new LocalTime(startHour, startMinute)),
                Monday.At(new LocalTime(endHour, endMinute))
            );

        Assert.Equal(expected, open);
    }

    [Fact]
    public void IsOpenDuring_IsFalse_OnAClosedDate()
    {
        var closed = Monday.PlusWeeks(1);

        Assert.False(Clinic().IsOpenDuring(closed.At(new LocalTime(9, 0)), closed.At(new LocalTime(10, 0))));
    }

    [Fact]
    public void IsOpenDuring_IsFalse_OnADayWithoutHours()
    {
        var tuesday = Monday.PlusDays(1);

        Assert.False(Clinic().IsOpenDuring(tuesday.At(new LocalTime(9, 0)), tuesday.At(new LocalTime(10, 0))));
    }

    [Fact]
    public void IsOpenDuring_IsFalse_AcrossMidnight()
    {
        Assert.False(
            Clinic().IsOpenDuring(Monday.At(new LocalTime(17, 0)), Monday.PlusDays(1).At(new LocalTime(1, 0)))
        );
    }
}
