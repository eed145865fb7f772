using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Tests.Booking;

/// <summary>
/// Whatever the protocol, clinic, zone, occupancy and clock (PlanningScenarios): a session the plan
/// places keeps every rule (PlanOracle); a session it cannot place says why, and the reason holds; a
/// typed-in time is never moved and every rule it breaks is reported. Nothing is broken silently.
/// </summary>
public sealed class SeriesPlannerProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(PlanningScenarios)])]
    public void Plan_PlacesEachSessionAtTheNearestTimeThatKeepsEveryRule_OrReportsWhyNot(PlannedScenario scenario)
    {
        var request = scenario.Request;
        var plan = SeriesPlanner.Plan(request);
        var oracle = new PlanOracle(request);
        AssertTimesAreConsistent(plan, request);

        var holding = new List<PlannedSession>();
        foreach (var session in plan.Sessions)
        {
            var previous = session.Number > 1 ? plan.Sessions[session.Number - 2] : null;
            var asked = previous is null
                ? request.FirstSessionStart
                : previous.Start.Date.PlusDays(oracle.TargetDays).At(request.FirstSessionStart.TimeOfDay);
            var desired = oracle.Resolve(asked);
            var gapWarnings = oracle.Exists(asked) ? 0 : 1;
            Assert.Equal(asked, session.RequestedStart);

            var problems = plan.ProblemsFor(session.Number).ToList();
            Assert.True(problems.Count <= 1, "The planner gives a session it places at most one problem.");
            if (problems is [var problem])
            {
                Assert.Null(session.ChairId);
                Assert.Equal(desired, session.StartInstant);
                Assert.Equal(gapWarnings, session.Warnings.Count);
                AssertGenuine(problem, oracle, session, previous, holding, request.Now);
                continue;
            }

            Assert.Empty(oracle.Broken(session.StartInstant, previous, holding));
            Assert.Equal(oracle.ExpectedChair(session.StartInstant, previous, holding), session.ChairId);
            Assert.Equal(Nearest(oracle, session.Number, asked, desired, previous, holding), session.StartInstant);

            var moved = session.StartInstant != desired;
            Assert.Equal(moved || gapWarnings == 1, session.Adjusted);
            Assert.Equal(
                moved,
                session.Warnings.Any(w =>
                    w.StartsWith($"Session {session.Number} moved from ", StringComparison.Ordinal)
                )
            );
            Assert.Equal(
                (moved ? 1 : 0) + gapWarnings + (oracle.IsRepeated(session.Start) ? 1 : 0),
                session.Warnings.Count
            );
            holding.Add(session);
        }

        Assert.Equal(plan.Problems.Count == 0, plan.CanBook);
        AssertNoChairHeldTwice(plan, request);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(PlanningScenarios)])]
    public void Plan_KeepsEveryGivenTimeExactly_AndReportsEveryRuleItBreaks(GivenStartsScenario scenario)
    {
        var request = scenario.Request;
        var given = request.SessionStarts!;
        var plan = SeriesPlanner.Plan(request);
        var oracle = new PlanOracle(request);

        if (given.Count != request.Template.SessionCount)
        {
            Assert.Empty(plan.Sessions);
            Assert.Equal(
                (null, PlanProblemCode.WrongSessionCount),
                Assert.Single(plan.Problems) switch
                {
                    var p => (p.SessionNumber, p.Code),
                }
            );
            return;
        }

        AssertTimesAreConsistent(plan, request);
        var holding = new List<PlannedSession>();
        foreach (var session in plan.Sessions)
        {
            var previous = session.Number > 1 ? plan.Sessions[session.Number - 2] : null;
            var asked = given[session.Number - 1];
            Assert.Equal(asked, session.RequestedStart);
            Assert.Equal(oracle.Resolve(asked), session.StartInstant);

            var expected = oracle.Broken(session.StartInstant, previous, holding);
            if (!oracle.Exists(asked))
            {
                expected.Add(PlanProblemCode.TimeDoesNotExist);
            }

            Assert.Equal(expected.Order(), plan.ProblemsFor(session.Number).Select(p => p.Code).Order());
            Assert.Equal(oracle.ExpectedChair(session.StartInstant, previous, holding), session.ChairId);
            Assert.Equal(oracle.IsRepeated(asked) ? 1 : 0, session.Warnings.Count);
            holding.Add(session);
        }

        Assert.Equal(plan.Problems.Count == 0, plan.CanBook);
        AssertNoChairHeldTwice(plan, request);
    }

    /// <summary>The preview's own times, typed back in at confirmation, book exactly what was previewed.</summary>
    [Property(MaxTest = 300, Arbitrary = [typeof(PlanningScenarios)])]
    public void Plan_BooksThePreviewUnchanged_WhenItsStartsAreGivenBack(PlannedScenario scenario)
    {
        var preview = SeriesPlanner.Plan(scenario.Request);
        if (!preview.CanBook)
        {
            return;
        }

        var confirmed = SeriesPlanner.Plan(
            scenario.Request with
            {
                SessionStarts = [.. preview.Sessions.Select(s => s.Start)],
            }
        );

        Assert.True(confirmed.CanBook);
        Assert.Equal(
            preview.Sessions.Select(s => (s.StartInstant, s.ChairId)),
            confirmed.Sessions.Select(s => (s.StartInstant, s.ChairId))
        );
        Assert.All(confirmed.Sessions, s => Assert.False(s.Adjusted));
    }

    /// <summary>Guards the generators: a property that only ever sees easy cases proves little.</summary>
    [Fact]
    public void PlannedScenarios_CoverEveryOutcome_WhenSampled()
    {
        var plans = PlanningScenarios
            .Planned()
            .Generator.Sample(600, new Rnd(20261208), 50)
            .Select(s => SeriesPlanner.Plan(s.Request))
            .ToList();
        var sessions = plans.SelectMany(p => p.Sessions).ToList();

        Assert.True(plans.Count(p => p.CanBook) > 30, "plans that can be booked");
        Assert.True(
            sessions.Count(s => s.Warnings.Any(w => w.Contains(" moved from ", StringComparison.Ordinal))) > 30,
            "moved sessions"
        );
        Assert.True(
            sessions.Count(s =>
                s.Warnings.Any(w =>
                    w.Contains("moved from", StringComparison.Ordinal) && s.Start.Date != s.RequestedStart.Date
                )
            ) > 10,
            "moved to another day"
        );
        Assert.True(
            plans.Count(p => p.Problems.Any(x => x.Code == PlanProblemCode.NoSlotInWindow)) > 10,
            "no slot in the window"
        );
        Assert.True(
            plans.Count(p => p.Problems.Any(x => x.Code == PlanProblemCode.InThePast)) > 10,
            "start in the past"
        );
        Assert.True(
            sessions.Count(s => s.Warnings.Any(w => w.Contains("does not exist", StringComparison.Ordinal))) > 3,
            "times in a gap"
        );
        Assert.True(
            sessions.Count(s => s.Warnings.Any(w => w.Contains("happens twice", StringComparison.Ordinal))) > 3,
            "times in an overlap"
        );
    }

    [Fact]
    public void GivenStartsScenarios_CoverEveryProblem_WhenSampled()
    {
        var plans = PlanningScenarios
            .GivenStarts()
            .Generator.Sample(600, new Rnd(20261208), 50)
            .Select(s => SeriesPlanner.Plan(s.Request))
            .ToList();

        Assert.All(Enum.GetValues<PlanProblemCode>().Except([PlanProblemCode.NoSlotInWindow]), code =>
            Assert.True(plans.Count(p => p.Problems.Any(x => x.Code == code)) > 3, $"plans with {code}")
        );
    }

    private static void AssertGenuine(
        PlanProblem problem,
        PlanOracle oracle,
        PlannedSession session,
        PlannedSession? previous,
        List<PlannedSession> holding,
        Instant now
    )
    {
        switch (problem.Code)
        {
            case PlanProblemCode.InThePast:
                Assert.True(session.StartInstant < now);
                break;
            case PlanProblemCode.NoSlotInWindow:
                Assert.True(session.StartInstant >= now);
                Assert.NotEmpty(oracle.Broken(session.StartInstant, previous, holding));
                Assert.DoesNotContain(oracle.Candidates(session.Number, session.RequestedStart, previous), c =>
                    oracle.Broken(oracle.Resolve(c.Local), previous, holding).Count == 0
                );
                break;
            default:
                Assert.Fail($"The planner placing sessions reported {problem.Code}: {problem.Message}");
                break;
        }
    }

    private static Instant Nearest(
        PlanOracle oracle,
        int number,
        LocalDateTime asked,
        Instant desired,
        PlannedSession? previous,
        List<PlannedSession> holding
    )
    {
        if (oracle.Broken(desired, previous, holding).Count == 0)
        {
            return desired;
        }

        var nearest = oracle
            .Candidates(number, asked, previous)
            .OrderBy(c => c.Distance)
            .First(c => oracle.Broken(oracle.Resolve(c.Local), previous, holding).Count == 0);
        return oracle.Resolve(nearest.Local);
    }

    private static void AssertTimesAreConsistent(SeriesPlan plan, SeriesRequest request)
    {
        var zone = request.Calendar.Zone;
        Assert.Equal(Enumerable.Range(1, request.Template.SessionCount), plan.Sessions.Select(s => s.Number));
        Assert.All(plan.Problems, p => Assert.InRange(p.SessionNumber ?? 0, 1, request.Template.SessionCount));
        Assert.All(plan.Sessions, s =>
        {
            Assert.Equal(s.Start, s.StartInstant.InZone(zone).LocalDateTime);
            Assert.Equal(s.End, s.EndInstant.InZone(zone).LocalDateTime);
            Assert.Equal(request.Template.SessionDuration, s.EndInstant - s.StartInstant);
            Assert.Equal(s.Start != s.RequestedStart, s.Adjusted);
        });
    }

    /// <summary>
    /// Even a plan that cannot be booked never shows a chair twice at once, or over someone else's booking.
    /// </summary>
    private static void AssertNoChairHeldTwice(SeriesPlan plan, SeriesRequest request)
    {
        var held = plan.Sessions.Where(s => s.ChairId is not null).ToList();
        Assert.All(held, s => Assert.Contains(s.ChairId!.Value, request.Calendar.ChairIds));
        Assert.All(held, s =>
            Assert.DoesNotContain(request.ChairBookings, b =>
                b.ChairId == s.ChairId && b.Start < s.EndInstant && s.StartInstant < b.End
            )
        );
        Assert.All(held, s =>
            Assert.DoesNotContain(held, o =>
                o != s && o.ChairId == s.ChairId && o.StartInstant < s.EndInstant && s.StartInstant < o.EndInstant
            )
        );
    }
}
