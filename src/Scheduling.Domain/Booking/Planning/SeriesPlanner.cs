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
        return request.SessionStarts is { } given ? GivenStarts.Check(request, given) : Place(request);
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
            draft.KeepUnplaced(number, requested, desired, warnings, PlanWording.Problem(number, PlanProblemCode.InThePast, desired, draft.Template));
            return;
        }

        var slot = desired.IsFree ? desired : Search(draft, request, number, requested);
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
    private static SlotCheck? Search(PlanDraft draft, SeriesRequest request, int number, LocalDateTime requested)
    {
        var (first, last) = Window(draft, number, requested.Date);
        return SlotSearch.DatesNearest(requested.Date, first, last)
            .SelectMany(date => SlotSearch.TimesNearest(date, requested.TimeOfDay, laterOnly: number == 1 && date == requested.Date))
            .Select(local => ClockChangeRule.Resolve(local, request.Calendar.Zone))
            .Where(start => start.Change != ClockChange.Skipped)
            .Select(draft.Check)
            .FirstOrDefault(check => check.IsFree);
    }

    private static (LocalDate First, LocalDate Last) Window(PlanDraft draft, int number, LocalDate desired)
    {
        if (number == 1 || draft.Previous is not { } previous)
        {
            return (desired, desired.PlusDays(FirstSessionSearchDays));
        }

        var from = previous.Start.Date;
        return (from.PlusDays(draft.Template.MinDaysBetween), from.PlusDays(draft.Template.MaxDaysBetween));
    }

    private static PlanProblem NoSlot(PlanDraft draft, int number, SlotCheck desired)
    {
        var (first, last) = Window(draft, number, desired.Start.Requested.Date);
        return number == 1 ? PlanWording.NoFirstSlot(desired, last) : PlanWording.NoSlot(number, first, last, draft.Template);
    }
}
