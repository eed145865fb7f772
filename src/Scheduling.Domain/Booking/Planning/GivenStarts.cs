using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// Times the front desk typed in are kept exactly (docs/api-contract.md, POST /api/series): each is
/// checked against every rule, and each rule it breaks is a problem of its own. Nothing here moves a session.
/// </summary>
internal static class GivenStarts
{
    public static SeriesPlan Check(SeriesRequest request, IReadOnlyList<LocalDateTime> starts)
    {
        if (starts.Count != request.Template.SessionCount)
        {
            return new SeriesPlan([], [PlanWording.WrongSessionCount(starts.Count, request.Template)]);
        }

        var zone = request.Calendar.Zone;
        var draft = new PlanDraft(request);
        for (var index = 0; index < starts.Count; index++)
        {
            Keep(draft, index + 1, starts[index], zone);
        }

        return draft.ToPlan();
    }

    /// <summary>One typed-in time, kept exactly with every rule it breaks as a problem of its own.</summary>
    public static void Keep(PlanDraft draft, int number, LocalDateTime start, DateTimeZone zone)
    {
        var slot = draft.Check(ClockChangeRule.Resolve(start, zone));
        var problems = new List<PlanProblem>();
        var warnings = new List<string>();

        // A time that never happens cannot be kept exactly; the session is shown where the rule
        // would put it so the front desk sees the nearest real time, but it cannot be booked.
        if (slot.Start.Change == ClockChange.Skipped)
        {
            problems.Add(PlanWording.SkippedGivenTime(number, slot.Start, zone));
        }
        else if (slot.Start.Change == ClockChange.Repeated)
        {
            warnings.Add(PlanWording.Repeated(slot.Start, zone));
        }

        problems.AddRange(slot.Broken.Select(code => PlanWording.Problem(number, code, slot, draft.Template)));
        draft.Keep(number, start, slot, warnings, problems);
    }
}
