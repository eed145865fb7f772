using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>The planner's answer: every session with where it landed, and everything that stops booking.</summary>
public sealed record SeriesPlan(IReadOnlyList<PlannedSession> Sessions, IReadOnlyList<PlanProblem> Problems)
{
    public bool CanBook => Problems.Count == 0;

    public IEnumerable<PlanProblem> ProblemsFor(int sessionNumber) =>
        Problems.Where(p => p.SessionNumber == sessionNumber);
}

/// <summary>
/// One session of the plan. <see cref="Start"/> is always <see cref="StartInstant"/> seen in the clinic's
/// zone; <see cref="RequestedStart"/> is the wall-clock time that was asked for (or that the spacing rule
/// gave), so a preview can show both. The chair is null when no chair is free at a time that was kept,
/// or when the session could not be placed.
/// </summary>
public sealed record PlannedSession(
    int Number,
    LocalDateTime RequestedStart,
    LocalDateTime Start,
    Instant StartInstant,
    LocalDateTime End,
    Instant EndInstant,
    Guid? ChairId,
    IReadOnlyList<string> Warnings
)
{
    public bool Adjusted => Start != RequestedStart;

    /// <summary>Where a session placed by the planner is held; only a session with its chair can be booked.</summary>
    public SessionPlace Place() =>
        new(
            ChairId ?? throw new InvalidOperationException($"Session {Number} has no chair."),
            Start,
            StartInstant,
            EndInstant
        );
}

/// <summary>
/// Something that stops booking. No session number for a problem with the whole series (a wrong number of given times).
/// </summary>
public sealed record PlanProblem(int? SessionNumber, PlanProblemCode Code, string Message);

public enum PlanProblemCode
{
    ChairTaken,
    OutsideOpeningHours,
    ClosedDate,
    SpacingBroken,
    PatientBusy,
    InThePast,
    NoSlotInWindow,

    /// <summary>
    /// A given time falls in a clock change's gap: it cannot be kept exactly because it never happens.
    /// </summary>
    TimeDoesNotExist,

    /// <summary>The number of given times is not the protocol's number of sessions.</summary>
    WrongSessionCount,
}
