using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// Everything the planner looks at, so that planning is a pure function: the same request always
/// gives the same plan, and "now" is whatever the caller's clock said.
/// </summary>
public sealed record SeriesRequest(
    ProtocolTemplate Template,
    ClinicCalendar Calendar,
    LocalDateTime FirstSessionStart,
    Instant Now
)
{
    /// <summary>
    /// When given, one wall-clock start per session, each kept exactly: the planner checks them and
    /// reports what is wrong, it never moves them (docs/api-contract.md, POST /api/series).
    /// </summary>
    public IReadOnlyList<LocalDateTime>? SessionStarts { get; init; }

    /// <summary>Chair time already booked for other patients, as half-open [Start, End) intervals.</summary>
    public IReadOnlyList<ChairBooking> ChairBookings { get; init; } = [];

    /// <summary>This patient's sessions already booked (in any chair), which a new session may not overlap.</summary>
    public IReadOnlyList<PatientSession> PatientSessions { get; init; } = [];

    /// <summary>
    /// When given, the plan moves the rest of a booked series (POST /api/series/{id}/move) instead of
    /// planning a new one; <see cref="SessionStarts"/> and the template's session count are not used.
    /// </summary>
    public Continuation? Continues { get; init; }
}

/// <summary>
/// The rest of a booked series, moved together. The session numbered <c>Numbers[0]</c> is kept exactly at
/// the request's first start (checked like a typed-in time); each later number is placed by the planner
/// at the protocol's spacing from the one before it, at the first start's time of day. <see cref="After"/>
/// is the session before them that stays where it is: the moved one may not start before it ends nor
/// fewer than the protocol's minimum days after it, but may be any number of days later (an illness
/// makes a gap; the plan says so in a warning).
/// </summary>
public sealed record Continuation(IReadOnlyList<int> Numbers, PlannedSession? After)
{
    /// <summary>
    /// False when sessions are added after the last one (POST /api/series/{id}/sessions): then the first is
    /// placed too, asked for at the target spacing from <see cref="After"/> and searched for within its window.
    /// </summary>
    public bool FirstKept { get; init; } = true;
}

public sealed record ChairBooking(Guid ChairId, Instant Start, Instant End);

public sealed record PatientSession(Instant Start, Instant End);
