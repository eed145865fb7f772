using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Tests.Booking;

/// <summary>
/// Moving the rest of a series (POST /api/series/{id}/move), held against the rules as PlanOracle states them
/// (docs/booking-time-rules.md, "Moving the rest of a series"): the moved session is kept exactly where it was
/// put and every rule it breaks is reported, its gap to the session that stays is never below the protocol's
/// minimum (nor before that session ends) but may be any length beyond the maximum, said in a warning; each later
/// session is placed at the nearest time that keeps every rule (spacing from the one before, hours, closures,
/// clock changes, chairs, the patient's other sessions), or reports why it cannot be.
/// </summary>
public sealed class SeriesPlannerMoveRestProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(PlanningScenarios)])]
    public void Plan_KeepsTheMovedSessionExactly_AndPlacesEachLaterOneAtTheNearestTimeThatKeepsEveryRule(
        MoveRestScenario scenario
    )
    {
        var request = scenario.Request;
        var rest = request.Continues!;
        var plan = SeriesPlanner.Plan(request);
        var oracle = new PlanOracle(request);
        var zone = request.Calendar.Zone;
        Assert.Equal(rest.Numbers, plan.Sessions.Select(s => s.Number));
        Assert.All(plan.Sessions, s =>
        {
            Assert.Equal(s.Start, s.StartInstant.InZone(zone).LocalDateTime);
            Assert.Equal(request.Template.SessionDuration, s.EndInstant - s.StartInstant);
        });

        var moved = plan.Sessions[0];
        var asked = request.FirstSessionStart;
        Assert.Equal(asked, moved.RequestedStart);
        Assert.Equal(oracle.Resolve(asked), moved.StartInstant);
        var expected = oracle.Broken(moved.StartInstant, previous: null, holding: []);
        if (
            rest.After is { } after
            && (
                Period.DaysBetween(after.Start.Date, moved.Start.Date) < request.Template.MinDaysBetween
                || moved.StartInstant < after.EndInstant
            )
        )
        {
            expected.Add(PlanProblemCode.SpacingBroken);
        }

        if (!oracle.Exists(asked))
        {
            expected.Add(PlanProblemCode.TimeDoesNotExist);
        }

        Assert.Equal(expected.Order(), plan.ProblemsFor(moved.Number).Select(p => p.Code).Order());
        Assert.Equal(oracle.ExpectedChair(moved.StartInstant, rest.After, []), moved.ChairId);
        var longGap =
            rest.After is { } before
            && Period.DaysBetween(before.Start.Date, asked.Date) > request.Template.MaxDaysBetween;
        Assert.Equal(
            longGap,
            moved.Warnings.Any(w => w.Contains("the gap is kept as asked", StringComparison.Ordinal))
        );
        Assert.Equal((oracle.IsRepeated(asked) ? 1 : 0) + (longGap ? 1 : 0), moved.Warnings.Count);

        var holding = new List<PlannedSession> { moved };
        for (var index = 1; index < plan.Sessions.Count; index++)
        {
            var session = plan.Sessions[index];
            var previous = plan.Sessions[index - 1];
            var wanted = previous.Start.Date.PlusDays(oracle.TargetDays).At(asked.TimeOfDay);
            var desired = oracle.Resolve(wanted);
            Assert.Equal(wanted, session.RequestedStart);
            var problems = plan.ProblemsFor(session.Number).ToList();
            Assert.True(problems.Count <= 1, "The planner gives a session it places at most one problem.");
            if (problems is [var problem])
            {
                Assert.Null(session.ChairId);
                Assert.Equal(desired, session.StartInstant);
                Assert.True(
                    problem.Code == PlanProblemCode.InThePast
                        ? session.StartInstant < request.Now
                        : problem.Code == PlanProblemCode.NoSlotInWindow
                            && !oracle
                                .Candidates(session.Number, wanted, previous)
                                .Any(c => oracle.Broken(oracle.Resolve(c.Local), previous, holding).Count == 0),
                    $"{problem.Code} is not genuine: {problem.Message}"
                );
                continue;
            }

            Assert.Empty(oracle.Broken(session.StartInstant, previous, holding));
            Assert.True(Period.DaysBetween(previous.Start.Date, session.Start.Date) <= request.Template.MaxDaysBetween);
            Assert.Equal(oracle.ExpectedChair(session.StartInstant, previous, holding), session.ChairId);
            var nearest =
                oracle.Broken(desired, previous, holding).Count == 0
                    ? desired
                    : oracle.Resolve(
                        oracle
                            .Candidates(session.Number, wanted, previous)
                            .OrderBy(c => c.Distance)
                            .First(c => oracle.Broken(oracle.Resolve(c.Local), previous, holding).Count == 0)
                            .Local
                    );
            Assert.Equal(nearest, session.StartInstant);
            holding.Add(session);
        }

        Assert.Equal(plan.Problems.Count == 0, plan.CanBook);
        var held = plan.Sessions.Where(s => s.ChairId is not null).ToList();
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

    /// <summary>
    /// Guards the generator: moves that keep, that break the minimum gap, that make a long gap, that re-place later
    /// sessions.
    /// </summary>
    [Fact]
    public void MoveRestScenarios_CoverEveryOutcome_WhenSampled()
    {
        var plans = PlanningScenarios
            .MoveRest()
            .Generator.Sample(600, new Rnd(20261203), 50)
            .Select(s => (s.Request, Plan: SeriesPlanner.Plan(s.Request)))
            .ToList();
        var later = plans.SelectMany(p => p.Plan.Sessions.Skip(1)).ToList();

        Assert.True(
            plans.Count(p => p.Plan.CanBook && p.Plan.Sessions.Count > 2) > 20,
            "moves that can be made, of several sessions"
        );
        Assert.True(
            plans.Count(p =>
                p.Plan.ProblemsFor(p.Plan.Sessions[0].Number).Any(x => x.Code == PlanProblemCode.SpacingBroken)
            ) > 10,
            "too close to the session before"
        );
        Assert.True(
            plans.Count(p => p.Plan.Sessions[0].Warnings.Any(w => w.Contains("gap is kept", StringComparison.Ordinal)))
                > 20,
            "long gaps"
        );
        Assert.True(
            later.Count(s => s.Warnings.Any(w => w.Contains(" moved from ", StringComparison.Ordinal))) > 20,
            "later sessions moved by the planner"
        );
        Assert.True(
            plans.Count(p => p.Plan.Problems.Any(x => x.Code == PlanProblemCode.NoSlotInWindow)) > 10,
            "a later session with no free time"
        );
        Assert.True(
            plans.Count(p =>
                p.Plan.ProblemsFor(p.Plan.Sessions[0].Number).Any(x => x.Code == PlanProblemCode.ChairTaken)
            ) > 5,
            "the moved session's chair taken"
        );
        Assert.True(
            plans.Count(p =>
                p.Request.Continues!.Numbers.Zip(p.Request.Continues.Numbers.Skip(1)).Any(n => n.Second - n.First > 1)
            ) > 20,
            "numbers with gaps"
        );
        Assert.True(
            later.Count(s =>
                s.Warnings.Any(w =>
                    w.Contains("does not exist", StringComparison.Ordinal)
                    || w.Contains("happens twice", StringComparison.Ordinal)
                )
            ) > 3,
            "clock changes"
        );
    }
}
