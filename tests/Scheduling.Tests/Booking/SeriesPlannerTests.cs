using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;
using static Scheduling.Tests.Booking.Clinics;

namespace Scheduling.Tests.Booking;

/// <summary>
/// Boundary cases, each a test below:
/// - the asked time is free: kept, not adjusted, no warnings; later sessions at the target spacing
/// - target spacing of the built-in protocols (2, 3 and 7 days)
/// - chair taken: the nearest later time on the same day, said in plain English
/// - equally near earlier and later times: the later one
/// - session 1 never moves earlier than asked
/// - the whole day full: the next allowed day; a closed date is skipped the same way
/// - the spacing window exhausted: NoSlotInWindow, and planning goes on
/// - the patient's own session in the way: moved like a taken chair
/// - a 0..0 protocol: sessions on one day, one after another
/// - the previous session's chair is kept when it is free
/// - a start in the past: InThePast, not moved
/// Typed-in times (SessionStarts) are in SeriesPlannerGivenStartsTests.
/// </summary>
public sealed class SeriesPlannerTests
{
    private static readonly DateTimeZone NewYork = Zone("America/New_York");
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 12, 0);
    private static readonly LocalDateTime TuesdayNine = new(2026, 12, 8, 9, 0);

    [Fact]
    public void Plan_KeepsTheAskedTime_WhenItIsFree()
    {
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(BuiltIn(BuiltInTemplates.KetamineIvInduction), OpenEveryDay(NewYork), TuesdayNine, Now)
        );

        Assert.True(plan.CanBook);
        Assert.Equal([8, 10, 12, 14, 16, 18], plan.Sessions.Select(s => s.Start.Day));
        Assert.All(plan.Sessions, s => Assert.Equal(new LocalTime(9, 0), s.Start.TimeOfDay));
        Assert.All(plan.Sessions, s => Assert.False(s.Adjusted));
        Assert.All(plan.Sessions, s => Assert.Empty(s.Warnings));
        Assert.All(plan.Sessions, s => Assert.Equal(Chair1, s.ChairId));
        Assert.Equal(Instant.FromUtc(2026, 12, 8, 14, 0), plan.Sessions[0].StartInstant);
        Assert.Equal(new LocalDateTime(2026, 12, 8, 10, 40), plan.Sessions[0].End);
    }

    [Theory]
    [InlineData(BuiltInTemplates.KetamineIvInduction, 2)]
    [InlineData(BuiltInTemplates.EsketamineInduction, 3)]
    [InlineData(BuiltInTemplates.EsketamineMaintenance, 7)]
    public void Plan_SpacesSessionsByTheTarget_WhenNothingIsInTheWay(string code, int days)
    {
        var plan = SeriesPlanner.Plan(new SeriesRequest(BuiltIn(code), OpenEveryDay(NewYork), TuesdayNine, Now));

        Assert.All(plan.Sessions.Skip(1), s => Assert.Equal(TuesdayNine.PlusDays(days * (s.Number - 1)), s.Start));
    }

    [Fact]
    public void Plan_MovesToTheNearestLaterTimeSameDay_WhenTheChairIsTaken()
    {
        var calendar = OpenEveryDay(NewYork);
        var sessionThreeDay = new LocalDate(2026, 12, 8);
        var request = new SeriesRequest(Template(4, 1, 4), calendar, TuesdayNine.PlusDays(-4), Now)
        {
            ChairBookings =
            [
                Busy(
                    calendar,
                    Chair1,
                    sessionThreeDay.At(new LocalTime(8, 0)),
                    sessionThreeDay.At(new LocalTime(10, 45))
                ),
            ],
        };

        var session = SeriesPlanner.Plan(request).Sessions[2];

        Assert.Equal(sessionThreeDay.At(new LocalTime(10, 45)), session.Start);
        Assert.True(session.Adjusted);
        Assert.Equal(
            ["Session 3 moved from Tue 8 Dec 09:00 to Tue 8 Dec 10:45: no chair free at 09:00."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_TakesTheLaterTime_WhenAnEarlierOneIsEquallyNear()
    {
        // 09:00-10:00 is blocked in both chairs; 09:15 (chair 1) and 08:45 (chair 2) are both free.
        var calendar = OpenEveryDay(NewYork, chairs: 2);
        var day = new LocalDate(2026, 12, 10);
        var request = new SeriesRequest(Template(2, 1, 4, minutes: 60), calendar, TuesdayNine, Now)
        {
            ChairBookings =
            [
                Busy(calendar, Chair1, day.At(new LocalTime(9, 0)), day.At(new LocalTime(9, 10))),
                Busy(calendar, Chair2, day.At(new LocalTime(9, 50)), day.At(new LocalTime(10, 0))),
            ],
        };

        var session = SeriesPlanner.Plan(request).Sessions[1];

        Assert.Equal(day.At(new LocalTime(9, 15)), session.Start);
    }

    [Fact]
    public void Plan_NeverMovesSessionOneEarlier_WhenOnlyEarlierTimesAreFree()
    {
        var calendar = OpenEveryDay(NewYork);
        var request = new SeriesRequest(Template(1, 0, 0), calendar, TuesdayNine, Now)
        {
            ChairBookings = [Busy(calendar, Chair1, TuesdayNine, TuesdayNine.Date.At(new LocalTime(18, 0)))],
        };

        var session = SeriesPlanner.Plan(request).Sessions[0];

        Assert.Equal(TuesdayNine.PlusDays(1), session.Start);
        Assert.Equal(
            ["Session 1 moved from Tue 8 Dec 09:00 to Wed 9 Dec 09:00: no chair free at 09:00."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_MovesToTheNextAllowedDay_WhenTheWholeDayIsFull()
    {
        var calendar = OpenEveryDay(NewYork);
        var full = new LocalDate(2026, 12, 10);
        var request = new SeriesRequest(Template(2, 1, 4), calendar, TuesdayNine, Now)
        {
            ChairBookings =
            [
                Busy(calendar, Chair1, full.At(LocalTime.Midnight), full.PlusDays(1).At(LocalTime.Midnight)),
            ],
        };

        var session = SeriesPlanner.Plan(request).Sessions[1];

        Assert.Equal(full.PlusDays(1).At(new LocalTime(9, 0)), session.Start);
        Assert.Equal(
            ["Session 2 moved from Thu 10 Dec 09:00 to Fri 11 Dec 09:00: no chair free at 09:00."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_SkipsAClosedDate_WhenTheTargetFallsOnIt()
    {
        var closed = new LocalDate(2026, 12, 10);
        var request = new SeriesRequest(
            Template(2, 1, 4),
            OpenEveryDay(NewYork, closedDates: closed),
            TuesdayNine,
            Now
        );

        var session = SeriesPlanner.Plan(request).Sessions[1];

        Assert.Equal(closed.PlusDays(1).At(new LocalTime(9, 0)), session.Start);
        Assert.Equal(
            ["Session 2 moved from Thu 10 Dec 09:00 to Fri 11 Dec 09:00: the clinic is closed on Thu 10 Dec."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_ReportsNoSlotInWindow_AndPlansOn_WhenEveryAllowedDayIsFull()
    {
        var calendar = OpenEveryDay(NewYork);
        var firstFull = new LocalDate(2026, 12, 9);
        var request = new SeriesRequest(Template(3, 1, 4), calendar, TuesdayNine, Now)
        {
            ChairBookings =
            [
                Busy(calendar, Chair1, firstFull.At(LocalTime.Midnight), firstFull.PlusDays(4).At(LocalTime.Midnight)),
            ],
        };

        var plan = SeriesPlanner.Plan(request);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((2, PlanProblemCode.NoSlotInWindow), (problem.SessionNumber!.Value, problem.Code));
        Assert.Equal(
            "Session 2 could not be placed: "
                + "no free time between Wed 9 Dec and Sat 12 Dec (1 to 4 days after session 1).",
            problem.Message
        );
        Assert.Null(plan.Sessions[1].ChairId);
        Assert.Equal(new LocalDateTime(2026, 12, 10, 9, 0), plan.Sessions[1].Start);
        Assert.Equal(new LocalDateTime(2026, 12, 13, 9, 0), plan.Sessions[2].Start);
        Assert.False(plan.CanBook);
    }

    [Fact]
    public void Plan_MovesPastThePatientsOwnSession_WhenItOverlapsTheAskedTime()
    {
        var calendar = OpenEveryDay(NewYork, chairs: 2);
        var request = new SeriesRequest(Template(1, 0, 0, minutes: 60), calendar, TuesdayNine, Now)
        {
            PatientSessions =
            [
                new PatientSession(Instant.FromUtc(2026, 12, 8, 13, 30), Instant.FromUtc(2026, 12, 8, 14, 30)),
            ],
        };

        var session = SeriesPlanner.Plan(request).Sessions[0];

        Assert.Equal(TuesdayNine.PlusMinutes(30), session.Start);
        Assert.Equal(
            ["Session 1 moved from Tue 8 Dec 09:00 to Tue 8 Dec 09:30: the patient has another session at 09:00."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_PutsSessionsBackToBack_WhenTheProtocolAllowsNoDaysBetween()
    {
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(Template(2, 0, 0, minutes: 100), OpenEveryDay(NewYork), TuesdayNine, Now)
        );

        Assert.True(plan.CanBook);
        Assert.Equal(new LocalDateTime(2026, 12, 8, 10, 45), plan.Sessions[1].Start);
    }

    [Fact]
    public void Plan_KeepsThePreviousChair_WhenItIsFree()
    {
        var calendar = OpenEveryDay(NewYork, chairs: 2);
        var request = new SeriesRequest(Template(3, 1, 4), calendar, TuesdayNine, Now)
        {
            ChairBookings = [Busy(calendar, Chair1, TuesdayNine, TuesdayNine.PlusHours(2))],
        };

        var plan = SeriesPlanner.Plan(request);

        Assert.All(plan.Sessions, s => Assert.Equal(Chair2, s.ChairId));
        Assert.All(plan.Sessions, s => Assert.False(s.Adjusted));
    }

    [Fact]
    public void Plan_ReportsInThePast_AndDoesNotMove_WhenTheFirstStartHasPassed()
    {
        var request = new SeriesRequest(
            Template(1, 0, 0),
            OpenEveryDay(NewYork),
            TuesdayNine,
            Instant.FromUtc(2026, 12, 8, 14, 1)
        );

        var plan = SeriesPlanner.Plan(request);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(PlanProblemCode.InThePast, problem.Code);
        Assert.Equal("Session 1 at Tue 8 Dec 09:00 cannot be booked: that time has already passed.", problem.Message);
        Assert.Equal(TuesdayNine, plan.Sessions[0].Start);
        Assert.Null(plan.Sessions[0].ChairId);
    }

    [Fact]
    public void Plan_Throws_WhenTheTemplateCannotBePlanned()
    {
        var request = new SeriesRequest(Template(3, 4, 2), OpenEveryDay(NewYork), TuesdayNine, Now);

        Assert.Throws<ArgumentException>(() => SeriesPlanner.Plan(request));
    }

    [Fact]
    public void From_OrdersChairsByNumber_AndTakesHoursAndClosedDates()
    {
        var clinic = new Clinic
        {
            Name = "Test clinic",
            TimeZoneId = "America/New_York",
            Phone = "+12025550100",
            Chairs =
            [
                new Chair
                {
                    Id = Chair2,
                    Number = 2,
                    Name = "B",
                },
                new Chair
                {
                    Id = Chair1,
                    Number = 1,
                    Name = "A",
                },
            ],
            OpeningHours =
            [
                new OpeningHours
                {
                    Day = IsoDayOfWeek.Tuesday,
                    Open = new LocalTime(8, 0),
                    Close = new LocalTime(12, 0),
                },
            ],
            ClosedDates = [new ClosedDate { Date = new LocalDate(2026, 12, 15) }],
        };

        var calendar = ClinicCalendar.From(clinic, NewYork);

        Assert.Equal([Chair1, Chair2], calendar.ChairIds);
        Assert.Equal(
            [new OpeningRange(IsoDayOfWeek.Tuesday, new LocalTime(8, 0), new LocalTime(12, 0))],
            calendar.OpeningHours
        );
        Assert.True(calendar.IsClosedOn(new LocalDate(2026, 12, 15)));
        Assert.Throws<ArgumentException>(() => ClinicCalendar.From(clinic, Zone("Europe/London")));
    }
}
