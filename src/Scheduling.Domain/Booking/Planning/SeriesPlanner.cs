using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// Places a protocol's sessions in a clinic's calendar. Pure: everything it looks at, "now" included,
/// is in the request. Rules and their reasons are in docs/booking-time-rules.md.
/// </summary>
public static class SeriesPlanner
{
    /// <summary>Session 1 is searched for from the asked time onwards, on that date and this many days after.</summary>
    public const int FirstSessionSearchDays = 14;

    public static SeriesPlan Plan(SeriesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Spacing.EnsurePlannable(request.Template);
        return request.Continues is { } rest ? Continue(request, rest)
            : request.SessionStarts is { } given ? GivenStarts.Check(request, given)
            : Place(request);
    }

    /// <summary>
    /// The rest of a booked series moved together: the first kept exactly where the front desk put it,
    /// each later one placed as any session after the first is, at the target spacing from the one before.
    /// </summary>
    private static SeriesPlan Continue(SeriesRequest request, Continuation rest)
    {
        if (
            rest.Numbers.Count == 0
            || rest.Numbers.Zip(rest.Numbers.Skip(1)).Any(p => p.Second <= p.First)
            || (rest.After is { } after && after.Number >= rest.Numbers[0])
        )
        {
            throw new ArgumentException(
                "The sessions moved are numbered in order, after the one that stays.",
                nameof(request)
            );
        }

        var draft = new PlanDraft(request);
        var zone = request.Calendar.Zone;
        var first = request.FirstSessionStart;
        if (!rest.FirstKept)
        {
            // Added after the last session: asked for at the target spacing from it, at the first start's time of day.
            var asked = rest.After is { } last
                ? last.Start.Date.PlusDays(Spacing.TargetDays(request.Template)).At(first.TimeOfDay)
                : first;
            PlaceOne(draft, request, rest.Numbers[0], asked);
        }
        else
        {
            GivenStarts.Keep(draft, rest.Numbers[0], first, zone);
        }

        if (
            rest.FirstKept
            && rest.After is { } before
            && Spacing.DaysBetween(before.Start.Date, first.Date) > request.Template.MaxDaysBetween
        )
        {
            draft.Warn(PlanWording.LongGap(rest.Numbers[0], before, first, request.Template));
        }

        foreach (var number in rest.Numbers.Skip(1))
        {
            var requested = draft
                .Previous!.Start.Date.PlusDays(Spacing.TargetDays(request.Template))
                .At(first.TimeOfDay);
            PlaceOne(draft, request, number, requested);
        }

        return draft.ToPlan();
    }

    /// <summary>
    /// Each session's desired time is the previous session's date plus the target spacing, at the time
    /// of day asked for session 1 (not where session 1 landed), so a one-off move does not drag the
    /// whole series. A session that cannot be placed is reported and planning goes on from its desired
    /// date, so the preview still shows the rest of the series.
    /// </summary>
    private static SeriesPlan Place(SeriesRequest request)
    {
        var draft = new PlanDraft(request);
        var timeOfDay = request.FirstSessionStart.TimeOfDay;
        for (var number = 1; number <= request.Template.SessionCount; number++)
        {
            var requested = draft.Previous is { } previous
                ? previous.Start.Date.PlusDays(Spacing.TargetDays(request.Template)).At(timeOfDay)
                : request.FirstSessionStart;
            PlaceOne(draft, request, number, requested);
        }

        return draft.ToPlan();
    }

    private static void PlaceOne(PlanDraft draft, SeriesRequest request, int number, LocalDateTime requested)
    {
        var zone = request.Calendar.Zone;
        var desired = draft.Check(ClockChangeRule.Resolve(requested, zone));
        var warnings = new List<string>();
        if (desired.Start.Change == ClockChange.Skipped)
        {
            warnings.Add(PlanWording.Skipped(desired.Start, zone));
        }

        // A desired time already past means the request itself is wrong; moving it days ahead would hide that.
        if (desired.Broken.Contains(PlanProblemCode.InThePast))
        {
            draft.KeepUnplaced(
                number,
                requested,
                desired,
                warnings,
                PlanWording.Problem(number, PlanProblemCode.InThePast, desired, draft.Template)
            );
            return;
        }

        var slot = desired.IsFree ? desired : Search(draft, request, requested);
        if (slot is null)
        {
            draft.KeepUnplaced(number, requested, desired, warnings, NoSlot(draft, number, desired));
            return;
        }

        if (!desired.IsFree)
        {
            warnings.Add(PlanWording.Moved(number, desired, slot, draft.Template));
        }

        if (slot.Start.Change == ClockChange.Repeated)
        {
            warnings.Add(PlanWording.Repeated(slot.Start, zone));
        }

        draft.Keep(number, requested, slot, warnings, []);
    }

    /// <summary>
    /// The nearest free time: first on the desired date, then on the other dates the spacing allows,
    /// nearest date first. Session 1 has no spacing to keep, so it only looks forward from the asked
    /// time, never earlier than the patient said they could come. Wall-clock times a clock change
    /// skips are passed over: the moment each would be shifted to is a real time the steps reach anyway.
    /// </summary>
    private static SlotCheck? Search(PlanDraft draft, SeriesRequest request, LocalDateTime requested)
    {
        var (first, last) = Window(draft, requested.Date);
        return SlotSearch
            .DatesNearest(requested.Date, first, last)
            .SelectMany(date =>
                SlotSearch.TimesNearest(
                    date,
                    requested.TimeOfDay,
                    laterOnly: draft.Before is null && date == requested.Date
                )
            )
            .Select(local => ClockChangeRule.Resolve(local, request.Calendar.Zone))
            .Where(start => start.Change != ClockChange.Skipped)
            .Select(draft.Check)
            .FirstOrDefault(check => check.IsFree);
    }

    private static (LocalDate First, LocalDate Last) Window(PlanDraft draft, LocalDate desired)
    {
        if (draft.Before is not { } previous)
        {
            return (desired, desired.PlusDays(FirstSessionSearchDays));
        }

        var from = previous.Start.Date;
        return (from.PlusDays(draft.Template.MinDaysBetween), from.PlusDays(draft.Template.MaxDaysBetween));
    }

    private static PlanProblem NoSlot(PlanDraft draft, int number, SlotCheck desired)
    {
        var (first, last) = Window(draft, desired.Start.Requested.Date);
        return draft.Before is not { } previous
            ? PlanWording.NoFirstSlot(desired, last)
            : PlanWording.NoSlot(number, previous.Number, first, last, draft.Template);
    }
}
