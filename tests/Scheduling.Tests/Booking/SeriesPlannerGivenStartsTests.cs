using NodaTime;
using Scheduling.Domain.Booking.Planning;
using static Scheduling.Tests.Booking.Clinics;

namespace Scheduling.Tests.Booking;

/// <summary>
/// Typed-in times are kept exactly; boundary cases:
/// - every time free: kept, not adjusted, no problems
/// - a taken chair: ChairTaken, the session not moved and shown without a chair
/// - too far from or too close to the previous session, or before it ends: SpacingBroken
/// - outside opening hours, on a closed date, in the past, over the patient's own session: one problem each
/// - one time breaking several rules: every rule reported
/// - the wrong number of times: WrongSessionCount and no sessions
/// </summary>
public sealed class SeriesPlannerGivenStartsTests
{
    private static readonly DateTimeZone NewYork = Zone("America/New_York");
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 12, 0);
    private static readonly LocalDateTime TuesdayNine = new(2026, 12, 8, 9, 0);

    [Fact]
    public void Plan_KeepsGivenTimesExactly_WhenEveryOneIsFree()
    {
        LocalDateTime[] starts =
        [
            TuesdayNine,
            TuesdayNine.PlusDays(1).PlusHours(3),
            TuesdayNine.PlusDays(5).PlusMinutes(7),
        ];

        var plan = Plan(Template(3, 1, 4), starts);

        Assert.True(plan.CanBook);
        Assert.Equal(starts, plan.Sessions.Select(s => s.Start));
        Assert.All(plan.Sessions, s => Assert.False(s.Adjusted));
    }

    [Fact]
    public void Plan_ReportsChairTaken_AndDoesNotMove_WhenAGivenTimesChairIsBooked()
    {
        var calendar = OpenEveryDay(NewYork);
        var request = new SeriesRequest(Template(2, 1, 4), calendar, TuesdayNine, Now)
        {
            SessionStarts = [TuesdayNine, TuesdayNine.PlusDays(2)],
            ChairBookings = [Busy(calendar, Chair1, TuesdayNine.PlusDays(2), TuesdayNine.PlusDays(2).PlusMinutes(30))],
        };

        var plan = SeriesPlanner.Plan(request);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((2, PlanProblemCode.ChairTaken), (problem.SessionNumber!.Value, problem.Code));
        Assert.Equal("Session 2 at Thu 10 Dec 09:00 cannot be booked: no chair free at 09:00.", problem.Message);
        Assert.Equal(TuesdayNine.PlusDays(2), plan.Sessions[1].Start);
        Assert.False(plan.Sessions[1].Adjusted);
        Assert.Null(plan.Sessions[1].ChairId);
    }

    [Theory]
    [InlineData(5, "it is 5 days after session 1; this protocol needs 1 to 4 days")]
    [InlineData(-1, "it is 1 day before session 1; this protocol needs 1 to 4 days")]
    public void Plan_ReportsSpacingBroken_WhenAGivenTimeIsOutsideTheWindow(int days, string reason)
    {
        var plan = Plan(Template(2, 1, 4), [TuesdayNine, TuesdayNine.PlusDays(days)]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(PlanProblemCode.SpacingBroken, problem.Code);
        Assert.EndsWith(reason + ".", problem.Message, StringComparison.Ordinal);
        Assert.Equal(TuesdayNine.PlusDays(days), plan.Sessions[1].Start);
    }

    [Fact]
    public void Plan_ReportsSpacingBroken_WhenAGivenTimeStartsBeforeThePreviousSessionEnds()
    {
        var plan = Plan(Template(2, 0, 2, minutes: 60), [TuesdayNine.PlusHours(3), TuesdayNine]);

        Assert.Equal([PlanProblemCode.SpacingBroken], plan.Problems.Select(p => p.Code));
        Assert.EndsWith(
            "it must start after session 1 ends at Tue 8 Dec 13:00.",
            plan.Problems[0].Message,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData(17, 0, PlanProblemCode.OutsideOpeningHours, "17:00 to 18:40 is outside opening hours")]
    [InlineData(9, 0, PlanProblemCode.ClosedDate, "the clinic is closed on Wed 9 Dec")]
    public void Plan_ReportsTheBrokenRule_WhenAGivenTimeIsNotOpen(
        int hour,
        int minute,
        PlanProblemCode code,
        string reason
    )
    {
        var closed = new LocalDate(2026, 12, 9);
        var calendar = OpenEveryDay(NewYork, closedDates: closed);
        var start = (hour == 9 ? closed : closed.PlusDays(1)).At(new LocalTime(hour, minute));
        var request = new SeriesRequest(Template(1, 0, 0), calendar, start, Now) { SessionStarts = [start] };

        var problem = Assert.Single(SeriesPlanner.Plan(request).Problems);

        Assert.Equal(code, problem.Code);
        Assert.EndsWith(reason + ".", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ReportsEveryBrokenRule_WhenOneGivenTimeBreaksSeveral()
    {
        var calendar = OpenEveryDay(NewYork);
        var late = new LocalDateTime(2026, 11, 30, 17, 30);
        var request = new SeriesRequest(Template(1, 0, 0), calendar, late, Now)
        {
            SessionStarts = [late],
            ChairBookings = [Busy(calendar, Chair1, late, late.PlusHours(1))],
            PatientSessions =
            [
                new PatientSession(Instant.FromUtc(2026, 11, 30, 22, 0), Instant.FromUtc(2026, 11, 30, 23, 0)),
            ],
        };

        var plan = SeriesPlanner.Plan(request);

        Assert.Equal(
            [
                PlanProblemCode.InThePast,
                PlanProblemCode.OutsideOpeningHours,
                PlanProblemCode.PatientBusy,
                PlanProblemCode.ChairTaken,
            ],
            plan.Problems.Select(p => p.Code)
        );
        Assert.All(plan.Problems, p => Assert.Equal(1, p.SessionNumber));
        Assert.Equal(late, plan.Sessions[0].Start);
    }

    [Fact]
    public void Plan_ReportsWrongSessionCount_AndPlansNothing_WhenTheCountDiffers()
    {
        var plan = Plan(Template(3, 1, 4), [TuesdayNine, TuesdayNine.PlusDays(2)]);

        Assert.Empty(plan.Sessions);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal((null, PlanProblemCode.WrongSessionCount), (problem.SessionNumber, problem.Code));
        Assert.Equal("2 session times were given; this protocol has 3 sessions.", problem.Message);
    }

    private static SeriesPlan Plan(Scheduling.Domain.Protocols.ProtocolTemplate template, LocalDateTime[] starts) =>
        SeriesPlanner.Plan(
            new SeriesRequest(template, OpenEveryDay(NewYork), starts[0], Now) { SessionStarts = starts }
        );
}
