using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// One start time held against every rule. <see cref="Broken"/> lists the rules it breaks in the
/// order a front desk would want to hear them; the first one is the reason given for a move. The chair
/// is one free for the whole session (null when none is); spacing is counted from the previous session.
/// </summary>
internal sealed record SlotCheck(
    ResolvedStart Start,
    ZonedDateTime End,
    Guid? ChairId,
    PlannedSession? Previous,
    IReadOnlyList<PlanProblemCode> Broken
)
{
    public bool IsFree => Broken.Count == 0;
}
