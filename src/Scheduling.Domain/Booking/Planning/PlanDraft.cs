using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>A plan being built session by session; each session is checked against the ones before it.</summary>
internal sealed class PlanDraft(SeriesRequest request)
{
    private readonly Occupancy _occupancy = new(
        request.ChairBookings,
        request.PatientSessions,
        request.Calendar.ChairIds
    );
    private readonly List<PlannedSession> _sessions = [];
    private readonly List<PlanProblem> _problems = [];

    public ProtocolTemplate Template => request.Template;

    public PlannedSession? Previous => _sessions.Count == 0 ? null : _sessions[^1];

    /// <summary>
    /// The session the next one keeps its spacing from: this plan's last, or the one a continuation follows.
    /// </summary>
    public PlannedSession? Before => Previous ?? request.Continues?.After;

    public SlotCheck Check(ResolvedStart start)
    {
        var calendar = request.Calendar;
        var end = start.Start.Plus(Template.SessionDuration);
        var previous = Previous;
        var before = Before;
        var broken = new List<PlanProblemCode>();

        if (start.Instant < request.Now)
        {
            broken.Add(PlanProblemCode.InThePast);
        }

        if (calendar.IsClosedOn(start.Local.Date))
        {
            broken.Add(PlanProblemCode.ClosedDate);
        }
        else if (!calendar.IsOpenDuring(start.Local, end.LocalDateTime))
        {
            broken.Add(PlanProblemCode.OutsideOpeningHours);
        }

        if (_occupancy.IsPatientBusy(start.Instant, end.ToInstant()))
        {
            broken.Add(PlanProblemCode.PatientBusy);
        }

        // Sessions run in number order: a session may not start before the previous one has ended.
        if (
            previous is not null
            && (!Spacing.Allows(Template, previous.Start.Date, start.Local.Date) || start.Instant < previous.EndInstant)
        )
        {
            broken.Add(PlanProblemCode.SpacingBroken);
        }
        else if (
            previous is null
            && before is not null
            && (
                Spacing.DaysBetween(before.Start.Date, start.Local.Date) < Template.MinDaysBetween
                || start.Instant < before.EndInstant
            )
        )
        {
            // The first of the rest of a series: never closer than the protocol allows, however far later.
            broken.Add(PlanProblemCode.SpacingBroken);
        }

        var chair = _occupancy.FreeChair(start.Instant, end.ToInstant(), before?.ChairId);
        if (chair is null)
        {
            broken.Add(PlanProblemCode.ChairTaken);
        }

        return new SlotCheck(start, end, chair, before, broken);
    }

    public void Keep(
        int number,
        LocalDateTime requested,
        SlotCheck slot,
        IReadOnlyList<string> warnings,
        IEnumerable<PlanProblem> problems
    )
    {
        _occupancy.Hold(slot.ChairId, slot.Start.Instant, slot.End.ToInstant());
        _sessions.Add(Session(number, requested, slot, slot.ChairId, warnings));
        _problems.AddRange(problems);
    }

    /// <summary>
    /// A session that could not be placed holds no chair and no time, but stays in the plan at its
    /// desired time: the preview still lists every session, and the next one counts its spacing from here.
    /// </summary>
    public void KeepUnplaced(
        int number,
        LocalDateTime requested,
        SlotCheck desired,
        IReadOnlyList<string> warnings,
        PlanProblem problem
    )
    {
        _sessions.Add(Session(number, requested, desired, chairId: null, warnings));
        _problems.Add(problem);
    }

    /// <summary>
    /// A warning about the session kept last (a gap longer than the protocol's, asked for on purpose).
    /// </summary>
    public void Warn(string warning)
    {
        var last = _sessions[^1];
        _sessions[^1] = last with { Warnings = [.. last.Warnings, warning] };
    }

    public SeriesPlan ToPlan() => new([.. _sessions], [.. _problems]);

    private static PlannedSession Session(
        int number,
        LocalDateTime requested,
        SlotCheck slot,
        Guid? chairId,
        IReadOnlyList<string> warnings
    ) =>
        new(
            number,
            requested,
            slot.Start.Local,
            slot.Start.Instant,
            slot.End.LocalDateTime,
            slot.End.ToInstant(),
            chairId,
            warnings
        );
}
