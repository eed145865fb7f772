using NodaTime;
using Scheduling.Domain.Booking;

namespace Scheduling.Domain.Waitlist;

/// <summary>
/// Chair time freed by a cancelled session, to be offered to the waitlist (docs/waitlist.md). Its id is the
/// cancelled session's. The row is what the database locks when an answer books it: the first answer that
/// finds it <see cref="OpeningState.Open"/> books, every later one finds it closed.
/// </summary>
public sealed class ChairOpening
{
    public Guid Id { get; init; }
    public Guid ClinicId { get; init; }
    public Guid ChairId { get; init; }
    public Instant Start { get; init; }
    public Instant End { get; init; }
    public Instant CreatedAt { get; init; }
    public OpeningState State { get; private set; } = OpeningState.Open;
    public Instant? ClosedAt { get; private set; }

    /// <summary>The entry whose patient got the chair time, when <see cref="OpeningState.Filled"/>.</summary>
    public Guid? FilledByEntryId { get; private set; }

    public Duration Length => End - Start;

    /// <summary>The chair time of a session just cancelled; null when its start had already come.</summary>
    public static ChairOpening? Freed(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        return
            appointment.Status == AppointmentStatus.Cancelled
            && appointment.StatusChangedAt is { } at
            && appointment.StartInstant > at
            ? new ChairOpening
            {
                Id = appointment.Id,
                ClinicId = appointment.ClinicId,
                ChairId = appointment.ChairId,
                Start = appointment.StartInstant,
                End = appointment.EndInstant,
                CreatedAt = at,
            }
            : null;
    }

    public void Fill(Guid entryId, Instant at)
    {
        Close(OpeningState.Filled, at);
        FilledByEntryId = entryId;
    }

    /// <summary>Booked by someone else (the front desk), or its start came: nothing more is offered.</summary>
    public void Close(OpeningState state, Instant at)
    {
        if (State != OpeningState.Open)
        {
            throw new InvalidOperationException($"A chair opening that is {State} cannot become {state}.");
        }

        (State, ClosedAt) = (state, at);
    }
}

public enum OpeningState
{
    Open,

    /// <summary>A waitlisted patient took it.</summary>
    Filled,

    /// <summary>Booked by someone else first.</summary>
    Taken,

    /// <summary>Its start came with no taker.</summary>
    Passed,
}
