using NodaTime;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Tests.Booking;

/// <summary>
/// The booking rules restated from docs/booking-time-rules.md, independently of the planner's code,
/// so property tests can hold every plan against them. "Holding" sessions are those that take the
/// patient's time (and their chair, when they have one) for the sessions after them.
/// </summary>
internal sealed class PlanOracle(SeriesRequest request)
{
    private DateTimeZone Zone => request.Calendar.Zone;

    /// <summary>
    /// The spacing a session is asked for after the one before it, from the protocol's definition (docs/domain.md:
    /// a protocol allows min..max days between sessions; docs/booking-time-rules.md, "Target spacing"): the day of
    /// that window nearest its middle, the earlier of two equally near, and a later day than the previous session's
    /// unless the protocol allows no other (max 0). Found by trying each allowed day, not by the planner's formula.
    /// </summary>
    public int TargetDays => Target(request.Template.MinDaysBetween, request.Template.MaxDaysBetween);

    public static int Target(int min, int max)
    {
        var allowed = Enumerable.Range(min, max - min + 1).Where(days => days > 0 || max == 0).ToList();
        return allowed.OrderBy(days => Math.Abs(2 * days - (min + max))).ThenBy(days => days).First();
    }

    /// <summary>The lenient mapping is NodaTime's own spelling of "gap forward-shifted, overlap earlier".</summary>
    public Instant Resolve(LocalDateTime local) => Zone.AtLeniently(local).ToInstant();

    public bool Exists(LocalDateTime local) => Zone.MapLocal(local).Count > 0;

    public bool IsRepeated(LocalDateTime local) => Zone.MapLocal(local).Count > 1;

    public HashSet<PlanProblemCode> Broken(
        Instant start,
        PlannedSession? previous,
        IReadOnlyList<PlannedSession> holding
    )
    {
        var end = start + request.Template.SessionDuration;
        var local = start.InZone(Zone).LocalDateTime;
        var localEnd = end.InZone(Zone).LocalDateTime;
        var broken = new HashSet<PlanProblemCode>();

        if (start < request.Now)
        {
            broken.Add(PlanProblemCode.InThePast);
        }

        if (request.Calendar.ClosedDates.Contains(local.Date))
        {
            broken.Add(PlanProblemCode.ClosedDate);
        }
        else if (
            local.Date != localEnd.Date
            || !request.Calendar.OpeningHours.Any(h =>
                h.Day == local.DayOfWeek && h.Open <= local.TimeOfDay && localEnd.TimeOfDay <= h.Close
            )
        )
        {
            broken.Add(PlanProblemCode.OutsideOpeningHours);
        }

        if (
            request.PatientSessions.Any(p => Overlaps(p.Start, p.End, start, end))
            || holding.Any(s => Overlaps(s.StartInstant, s.EndInstant, start, end))
        )
        {
            broken.Add(PlanProblemCode.PatientBusy);
        }

        if (previous is not null)
        {
            var days = Period.DaysBetween(previous.Start.Date, local.Date);
            if (
                days < request.Template.MinDaysBetween
                || days > request.Template.MaxDaysBetween
                || start < previous.EndInstant
            )
            {
                broken.Add(PlanProblemCode.SpacingBroken);
            }
        }

        if (FreeChairs(start, holding).Count == 0)
        {
            broken.Add(PlanProblemCode.ChairTaken);
        }

        return broken;
    }

    public List<Guid> FreeChairs(Instant start, IReadOnlyList<PlannedSession> holding)
    {
        var end = start + request.Template.SessionDuration;
        return
        [
            .. request.Calendar.ChairIds.Where(chair =>
                !request.ChairBookings.Any(b => b.ChairId == chair && Overlaps(b.Start, b.End, start, end))
                && !holding.Any(s => s.ChairId == chair && Overlaps(s.StartInstant, s.EndInstant, start, end))
            ),
        ];
    }

    /// <summary>The chair the rules choose: the previous session's when free, otherwise the first free one.</summary>
    public Guid? ExpectedChair(Instant start, PlannedSession? previous, IReadOnlyList<PlannedSession> holding)
    {
        var free = FreeChairs(start, holding);
        return previous?.ChairId is { } kept && free.Contains(kept) ? kept
            : free.Count > 0 ? free[0]
            : null;
    }

    /// <summary>
    /// Every wall-clock time the search may try for a session, each with its distance from the asked
    /// time: (days away, earlier date, minutes away, earlier time). Smaller is nearer; the later one
    /// wins a tie. Session 1 looks forward only, 14 days.
    /// </summary>
    public IEnumerable<(LocalDateTime Local, (int, int, int, int) Distance)> Candidates(
        int number,
        LocalDateTime asked,
        PlannedSession? previous
    )
    {
        var (first, last) =
            number == 1 || previous is null
                ? (asked.Date, asked.Date.PlusDays(SeriesPlanner.FirstSessionSearchDays))
                : (
                    previous.Start.Date.PlusDays(request.Template.MinDaysBetween),
                    previous.Start.Date.PlusDays(request.Template.MaxDaysBetween)
                );
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var dayDistance = Period.DaysBetween(asked.Date, date);
            for (var minutes = -24 * 60; minutes <= 24 * 60; minutes += 15)
            {
                var local = date.At(asked.TimeOfDay).PlusMinutes(minutes);
                var forwardOnly = number == 1 && date == asked.Date;
                if (local.Date == date && Exists(local) && !(forwardOnly && minutes < 0))
                {
                    yield return (
                        local,
                        (Math.Abs(dayDistance), dayDistance < 0 ? 1 : 0, Math.Abs(minutes), minutes < 0 ? 1 : 0)
                    );
                }
            }
        }
    }

    private static bool Overlaps(Instant aStart, Instant aEnd, Instant bStart, Instant bEnd) =>
        aStart < bEnd && bStart < aEnd;
}
