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
    Instant Now)
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
}

public sealed record ChairBooking(Guid ChairId, Instant Start, Instant End);

public sealed record PatientSession(Instant Start, Instant End);
