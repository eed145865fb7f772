using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;
using static Scheduling.Tests.Booking.Clinics;

namespace Scheduling.Tests.Booking;

/// <summary>
/// A retired chair is never offered, by the calendar the planner works from:
/// - free all day while the chair in service is free too: the one in service is used
/// - free while the chair in service is taken: the session moves later, never onto the retired chair
/// - every chair retired: nothing can be booked
/// </summary>
public sealed class RetiredChairTests
{
    private static readonly DateTimeZone NewYork = Zone("America/New_York");
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 12, 0);
    private static readonly LocalDateTime TuesdayNine = new(2026, 12, 8, 9, 0);

    private static Clinic ClinicWith(params (int Number, bool Retired)[] chairs)
    {
        var clinic = new Clinic
        {
            Name = "Test",
            TimeZoneId = NewYork.Id,
            Phone = "+12025550100",
        };
        clinic.OpeningHours.AddRange(
            Enum.GetValues<IsoDayOfWeek>()
                .Where(d => d != IsoDayOfWeek.None)
                .Select(d => new OpeningHours
                {
                    ClinicId = clinic.Id,
                    Day = d,
                    Open = new LocalTime(8, 0),
                    Close = new LocalTime(18, 0),
                })
        );
        clinic.Chairs.AddRange(
            chairs.Select(c => new Chair
            {
                Id = ChairId(c.Number),
                ClinicId = clinic.Id,
                Number = c.Number,
                Name = $"Chair {c.Number}",
                RetiredAt = c.Retired ? Now : null,
            })
        );
        return clinic;
    }

    [Fact]
    public void From_LeavesRetiredChairsOut()
    {
        var calendar = ClinicCalendar.From(ClinicWith((1, true), (2, false), (3, true)), NewYork);

        Assert.Equal([Chair2], calendar.ChairIds);
    }

    [Fact]
    public void Plan_NeverPutsASessionOnARetiredChair_EvenWhenItIsTheOnlyFreeOne()
    {
        var calendar = ClinicCalendar.From(ClinicWith((1, true), (2, false)), NewYork);
        var template = BuiltIn(BuiltInTemplates.KetamineIvInduction);
        var chairTwoTakenAtNine = Busy(calendar, Chair2, TuesdayNine, TuesdayNine.PlusHours(2));

        var plan = SeriesPlanner.Plan(
            new SeriesRequest(template, calendar, TuesdayNine, Now) { ChairBookings = [chairTwoTakenAtNine] }
        );

        Assert.True(plan.CanBook);
        Assert.All(plan.Sessions, s => Assert.Equal(Chair2, s.ChairId));
        Assert.Equal(new LocalTime(11, 0), plan.Sessions[0].Start.TimeOfDay);
    }

    [Fact]
    public void Plan_CannotBook_WhenEveryChairIsRetired()
    {
        var calendar = ClinicCalendar.From(ClinicWith((1, true)), NewYork);

        var plan = SeriesPlanner.Plan(new SeriesRequest(Template(1, 0, 0), calendar, TuesdayNine, Now));

        Assert.False(plan.CanBook);
        Assert.All(plan.Sessions, s => Assert.Null(s.ChairId));
    }
}
