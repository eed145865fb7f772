using NodaTime;
using NodaTime.Text;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>What the front desk reads in the preview: plain English, the clinic's wall-clock times.</summary>
internal static class PlanWording
{
    private static readonly LocalDateTimePattern Moment = LocalDateTimePattern.CreateWithInvariantCulture(
        "ddd d MMM HH:mm"
    );
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM");
    private static readonly LocalDatePattern DayAndYear = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM uuuu");
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static string Moved(int number, SlotCheck from, SlotCheck to, ProtocolTemplate template) =>
        $"Session {number} moved from {Moment.Format(from.Start.Local)} to {Moment.Format(to.Start.Local)}: "
        + $"{Reason(from.Broken[0], from, template)}.";

    public static PlanProblem Problem(int number, PlanProblemCode code, SlotCheck slot, ProtocolTemplate template) =>
        new(
            number,
            code,
            $"Session {number} at {Moment.Format(slot.Start.Local)} cannot be booked: {Reason(code, slot, template)}."
        );

    public static string Skipped(ResolvedStart start, DateTimeZone zone) =>
        $"{DoesNotExist(start, zone)}; booked at {Clock.Format(start.Local.TimeOfDay)}.";

    public static PlanProblem SkippedGivenTime(int number, ResolvedStart start, DateTimeZone zone) =>
        new(
            number,
            PlanProblemCode.TimeDoesNotExist,
            $"Session {number}: {DoesNotExist(start, zone)}; choose another time."
        );

    public static string Repeated(ResolvedStart start, DateTimeZone zone) =>
        $"{Clock.Format(start.Requested.TimeOfDay)} happens twice "
        + $"on {DayAndYear.Format(start.Requested.Date)} in {zone.Id} "
        + $"(clocks go back); booked at the first {Clock.Format(start.Requested.TimeOfDay)}, "
        + "before the clocks go back.";

    public static PlanProblem NoFirstSlot(SlotCheck desired, LocalDate lastDate) =>
        new(
            1,
            PlanProblemCode.NoSlotInWindow,
            "Session 1 could not be placed: "
                + $"no free time from {Moment.Format(desired.Start.Local)} to {Day.Format(lastDate)}."
        );

    public static PlanProblem NoSlot(
        int number,
        int previous,
        LocalDate first,
        LocalDate last,
        ProtocolTemplate template
    ) =>
        new(
            number,
            PlanProblemCode.NoSlotInWindow,
            $"Session {number} could not be placed: no free time between {Day.Format(first)} and {Day.Format(last)} "
                + $"({template.MinDaysBetween} to {Days(template.MaxDaysBetween)} after session {previous})."
        );

    public static string LongGap(int number, PlannedSession before, LocalDateTime start, ProtocolTemplate template) =>
        $"Session {number} is {Days(Spacing.DaysBetween(before.Start.Date, start.Date))} "
        + $"after session {before.Number}, "
        + $"more than this protocol's {Days(template.MaxDaysBetween)}: the gap is kept as asked.";

    public static PlanProblem WrongSessionCount(int given, ProtocolTemplate template) =>
        new(
            null,
            PlanProblemCode.WrongSessionCount,
            $"{given} session times were given; this protocol has {template.SessionCount} sessions."
        );

    private static string DoesNotExist(ResolvedStart start, DateTimeZone zone) =>
        $"{Clock.Format(start.Requested.TimeOfDay)} does not exist on "
        + $"{DayAndYear.Format(start.Requested.Date)} in {zone.Id} (clocks go forward)";

    private static string Reason(PlanProblemCode code, SlotCheck slot, ProtocolTemplate template)
    {
        var at = Clock.Format(slot.Start.Local.TimeOfDay);
        return code switch
        {
            PlanProblemCode.InThePast => "that time has already passed",
            PlanProblemCode.ClosedDate => $"the clinic is closed on {Day.Format(slot.Start.Local.Date)}",
            PlanProblemCode.OutsideOpeningHours =>
                $"{at} to {Clock.Format(slot.End.TimeOfDay)} is outside opening hours",
            PlanProblemCode.PatientBusy => $"the patient has another session at {at}",
            PlanProblemCode.SpacingBroken => SpacingReason(slot, template),
            PlanProblemCode.ChairTaken => $"no chair free at {at}",
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a rule that one start time can break."),
        };
    }

    private static string SpacingReason(SlotCheck slot, ProtocolTemplate template)
    {
        var previous = slot.Previous
            ?? throw new InvalidOperationException("Spacing is only checked after a previous session.");
        var days = Spacing.DaysBetween(previous.Start.Date, slot.Start.Local.Date);
        if (days < template.MinDaysBetween || days > template.MaxDaysBetween)
        {
            var relation = days < 0 ? $"{Days(-days)} before" : $"{Days(days)} after";
            return $"it is {relation} session {previous.Number}; "
                + $"this protocol needs {template.MinDaysBetween} to {Days(template.MaxDaysBetween)}";
        }

        return $"it must start after session {previous.Number} ends at {Moment.Format(previous.End)}";
    }

    private static string Days(int count) => count == 1 ? "1 day" : $"{count} days";
}
