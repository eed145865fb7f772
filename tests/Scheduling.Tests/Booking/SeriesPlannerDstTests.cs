using NodaTime;
using NodaTime.Testing.TimeZones;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Protocols;
using static Scheduling.Tests.Booking.Clinics;

namespace Scheduling.Tests.Booking;

/// <summary>
/// Clock changes; boundary cases:
/// - a time in a gap: forward by the gap's length, adjusted, with a warning (synthetic zone, New York,
///   London, Lord Howe's 30-minute gap)
/// - a time that happens twice: the first occurrence, not adjusted, with a warning (same zones)
/// - a weekly 09:00 session stays at 09:00 across both changes, its instants 7 days ± the shift apart
/// - a typed-in time in a gap: TimeDoesNotExist; a typed-in repeated time: kept with a warning
/// - the search passes over skipped times; a session across the fall-back ends at the room's wall clock
/// Clinics here open at night (01:00-05:00) so the awkward hours are bookable.
/// </summary>
public sealed class SeriesPlannerDstTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 1, 0, 0);
    private static readonly ProtocolTemplate HalfHour = Template(1, 0, 0, minutes: 30);

    // Local 02:00 becomes 03:00 on Sun 1 Mar 2026; local 02:00 becomes 01:00 on Sun 25 Oct 2026.
    private static readonly SingleTransitionDateTimeZone Gap = new(
        Instant.FromUtc(2026, 3, 1, 2, 0),
        Offset.Zero,
        Offset.FromHours(1),
        "Test/Gap"
    );
    private static readonly SingleTransitionDateTimeZone Overlap = new(
        Instant.FromUtc(2026, 10, 25, 1, 0),
        Offset.FromHours(1),
        Offset.Zero,
        "Test/Overlap"
    );

    [Fact]
    public void Plan_ShiftsForwardByTheGap_WhenTheAskedTimeIsSkipped_InASyntheticZone()
    {
        var session = PlanAtNight(Gap, new LocalDateTime(2026, 3, 1, 2, 30)).Sessions[0];

        Assert.Equal(new LocalDateTime(2026, 3, 1, 3, 30), session.Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 2, 30), session.StartInstant);
        Assert.True(session.Adjusted);
        Assert.Equal(
            ["02:30 does not exist on Sun 1 Mar 2026 in Test/Gap (clocks go forward); booked at 03:30."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_TakesTheEarlierOccurrence_WhenTheAskedTimeHappensTwice_InASyntheticZone()
    {
        var session = PlanAtNight(Overlap, new LocalDateTime(2026, 10, 25, 1, 30)).Sessions[0];

        Assert.Equal(new LocalDateTime(2026, 10, 25, 1, 30), session.Start);
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 0, 30), session.StartInstant);
        Assert.False(session.Adjusted);
        Assert.Equal(
            [
                "01:30 happens twice on Sun 25 Oct 2026 in Test/Overlap (clocks go back); "
                    + "booked at the first 01:30, before the clocks go back.",
            ],
            session.Warnings
        );
    }

    [Theory]
    [InlineData(
        "America/New_York",
        "2026-03-08T02:30",
        "2026-03-08T03:30",
        "2026-03-08T07:30:00Z",
        "02:30 does not exist on Sun 8 Mar 2026 in America/New_York (clocks go forward); booked at 03:30."
    )]
    [InlineData(
        "Europe/London",
        "2026-03-29T01:30",
        "2026-03-29T02:30",
        "2026-03-29T01:30:00Z",
        "01:30 does not exist on Sun 29 Mar 2026 in Europe/London (clocks go forward); booked at 02:30."
    )]
    [InlineData(
        "Australia/Lord_Howe",
        "2026-10-04T02:15",
        "2026-10-04T02:45",
        "2026-10-03T15:45:00Z",
        "02:15 does not exist on Sun 4 Oct 2026 in Australia/Lord_Howe (clocks go forward); booked at 02:45."
    )]
    public void Plan_ShiftsForwardByTheGap_WhenTheAskedTimeIsSkipped(
        string zone,
        string asked,
        string booked,
        string instant,
        string warning
    )
    {
        var session = PlanAtNight(Zone(zone), Local(asked)).Sessions[0];

        Assert.Equal(Local(booked), session.Start);
        Assert.Equal(NodaTime.Text.InstantPattern.General.Parse(instant).Value, session.StartInstant);
        Assert.True(session.Adjusted);
        Assert.Equal([warning], session.Warnings);
    }

    [Theory]
    [InlineData("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z")]
    [InlineData("Europe/London", "2026-10-25T01:30", "2026-10-25T00:30:00Z")]
    [InlineData("Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z")]
    public void Plan_TakesTheEarlierOccurrence_WhenTheAskedTimeHappensTwice(string zone, string asked, string instant)
    {
        var plan = PlanAtNight(Zone(zone), Local(asked));
        var session = plan.Sessions[0];

        Assert.True(plan.CanBook);
        Assert.Equal(Local(asked), session.Start);
        Assert.Equal(NodaTime.Text.InstantPattern.General.Parse(instant).Value, session.StartInstant);
        Assert.False(session.Adjusted);
        Assert.Contains("happens twice", Assert.Single(session.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-05", -60)]
    [InlineData("America/New_York", "2026-10-29", 60)]
    [InlineData("Europe/London", "2026-03-26", -60)]
    [InlineData("Europe/London", "2026-10-22", 60)]
    [InlineData("Australia/Lord_Howe", "2026-04-02", 30)]
    [InlineData("Australia/Lord_Howe", "2026-10-01", -30)]
    public void Plan_KeepsAWeeklySessionAtNineLocal_WhenTheClocksChangeBetweenSessions(
        string zone,
        string firstDate,
        int shiftMinutes
    )
    {
        var first = Local(firstDate + "T09:00");
        var template = BuiltIn(BuiltInTemplates.EsketamineMaintenance);

        var plan = SeriesPlanner.Plan(new SeriesRequest(template, OpenEveryDay(Zone(zone)), first, Now));

        Assert.True(plan.CanBook);
        Assert.All(plan.Sessions, s => Assert.Equal(first.PlusWeeks(s.Number - 1), s.Start));
        Assert.All(plan.Sessions, s => Assert.Empty(s.Warnings));
        Assert.Equal(
            Duration.FromDays(7) + Duration.FromMinutes(shiftMinutes),
            plan.Sessions[1].StartInstant - plan.Sessions[0].StartInstant
        );
    }

    [Fact]
    public void Plan_ReportsTimeDoesNotExist_WhenAGivenTimeIsSkipped()
    {
        var asked = new LocalDateTime(2026, 3, 8, 2, 30);
        var request = new SeriesRequest(HalfHour, NightClinic(Zone("America/New_York")), asked, Now)
        {
            SessionStarts = [asked],
        };

        var plan = SeriesPlanner.Plan(request);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(PlanProblemCode.TimeDoesNotExist, problem.Code);
        Assert.Equal(
            "Session 1: 02:30 does not exist on Sun 8 Mar 2026 in "
                + "America/New_York (clocks go forward); choose another time.",
            problem.Message
        );
        Assert.Equal(asked, plan.Sessions[0].RequestedStart);
    }

    [Fact]
    public void Plan_KeepsTheFirstOccurrenceWithAWarning_WhenAGivenTimeHappensTwice()
    {
        var asked = new LocalDateTime(2026, 11, 1, 1, 30);
        var request = new SeriesRequest(HalfHour, NightClinic(Zone("America/New_York")), asked, Now)
        {
            SessionStarts = [asked],
        };

        var plan = SeriesPlanner.Plan(request);

        Assert.True(plan.CanBook);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 5, 30), plan.Sessions[0].StartInstant);
        Assert.Single(plan.Sessions[0].Warnings);
    }

    [Fact]
    public void Plan_PassesOverSkippedTimes_WhenSearchingThroughAGap()
    {
        var zone = Zone("America/New_York");
        var calendar = NightClinic(zone);
        var asked = new LocalDateTime(2026, 3, 8, 1, 0);
        var request = new SeriesRequest(HalfHour, calendar, asked, Now)
        {
            ChairBookings = [Busy(calendar, Chair1, asked, new LocalDateTime(2026, 3, 8, 3, 30))],
        };

        var session = SeriesPlanner.Plan(request).Sessions[0];

        Assert.Equal(new LocalDateTime(2026, 3, 8, 3, 30), session.Start);
        Assert.Equal(
            ["Session 1 moved from Sun 8 Mar 01:00 to Sun 8 Mar 03:30: no chair free at 01:00."],
            session.Warnings
        );
    }

    [Fact]
    public void Plan_EndsAtTheRoomsWallClock_WhenASessionRunsAcrossTheFallBack()
    {
        var calendar = OpenEveryDay(Zone("America/New_York"), open: LocalTime.Midnight, close: new LocalTime(3, 0));
        var asked = new LocalDateTime(2026, 11, 1, 0, 30);

        var session = SeriesPlanner
            .Plan(new SeriesRequest(Template(1, 0, 0, minutes: 100), calendar, asked, Now))
            .Sessions[0];

        Assert.Equal(new LocalDateTime(2026, 11, 1, 1, 10), session.End);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 6, 10), session.EndInstant);
    }

    private static ClinicCalendar NightClinic(DateTimeZone zone) =>
        OpenEveryDay(zone, open: new LocalTime(1, 0), close: new LocalTime(5, 0));

    private static SeriesPlan PlanAtNight(DateTimeZone zone, LocalDateTime asked) =>
        SeriesPlanner.Plan(new SeriesRequest(HalfHour, NightClinic(zone), asked, Now));

    private static LocalDateTime Local(string text) =>
        NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text).Value;
}
