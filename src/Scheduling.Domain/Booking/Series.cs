using NodaTime;

namespace Scheduling.Domain.Booking;

/// <summary>
/// A patient's course of sessions booked from one protocol template (docs/domain.md, "The life of a session"):
/// active until it is cancelled (sessions already held stay as they were) or, in the demo's history, completed.
/// Moving the rest and adding sessions ask the series first; each refusal says why with a <see cref="SeriesRefusal"/>.
/// </summary>
public sealed class Series
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public Guid TemplateId { get; init; }
    public required string TemplateCode { get; init; }
    public SeriesState State { get; private set; }
    public Instant CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public Instant? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>The template's relapse watch when the series was booked: surveys follow what was booked.</summary>
    public int RelapseWatchMonths { get; init; }

    /// <summary>The clinic had PCL-5 turned on for this template when the series was booked.</summary>
    public bool WithPcl5 { get; init; }
    public List<Appointment> Appointments { get; init; } = [];

    /// <summary>
    /// Cancels the series and every session of it still to come (booked and starting after <paramref name="at"/>);
    /// returns those sessions, for what follows their cancelling. Sessions already held stay as they were.
    /// </summary>
    public SeriesRefusal? Cancel(string reason, Instant at, out IReadOnlyList<Appointment> cancelled)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        cancelled = [];
        if (State == SeriesState.Cancelled)
        {
            return new SeriesRefusal(SeriesRefusalReason.AlreadyCancelled, State);
        }

        var toCome = Appointments
            .Where(a => a.Status == AppointmentStatus.Booked && a.StartInstant > at)
            .OrderBy(a => a.Number)
            .ToList();
        foreach (var appointment in toCome)
        {
            appointment.Cancel(reason, at);
        }

        State = SeriesState.Cancelled;
        CancelledAt = at;
        CancelReason = reason;
        cancelled = toCome;
        return null;
    }

    /// <summary>Why the rest may not be moved from <paramref name="from"/>, or null when it may.</summary>
    public SeriesRefusal? MoveRefusal(Appointment from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return State == SeriesState.Cancelled ? new SeriesRefusal(SeriesRefusalReason.Cancelled, State)
            : from.MoveRefusal() is not null ? new SeriesRefusal(SeriesRefusalReason.SessionNotBooked, State)
            : null;
    }

    /// <summary>The last session still standing, which added sessions continue from.</summary>
    public Appointment? LastStanding =>
        Appointments.Where(a => a.Status != AppointmentStatus.Cancelled).MaxBy(a => a.Number);

    /// <summary>Why sessions may not be added to this series, or null when they may.</summary>
    /// <param name="openEnded">The series' template has no fixed number of sessions.</param>
    public SeriesRefusal? AddSessionsRefusal(bool openEnded) =>
        State != SeriesState.Active ? new SeriesRefusal(SeriesRefusalReason.NotActive, State)
        : !openEnded ? new SeriesRefusal(SeriesRefusalReason.FixedLength, State)
        : LastStanding is null ? new SeriesRefusal(SeriesRefusalReason.NothingToContinue, State)
        : null;

    /// <summary>Adds sessions after the last one, numbered on from it.</summary>
    public SeriesRefusal? AddSessions(IReadOnlyList<Appointment> added, bool openEnded)
    {
        ArgumentNullException.ThrowIfNull(added);
        if (AddSessionsRefusal(openEnded) is { } refusal)
        {
            return refusal;
        }

        var last = Appointments.Max(a => a.Number);
        if (added.Any(a => a.SeriesId != Id || a.Status != AppointmentStatus.Booked || a.Number <= last))
        {
            throw new ArgumentException("Added sessions are new booked sessions of this series, numbered on.");
        }

        Appointments.AddRange(added);
        return null;
    }

    /// <summary>Every session was held or settled: the series is over (only the demo history ends one).</summary>
    public SeriesRefusal? Complete()
    {
        if (State != SeriesState.Active || Appointments.Any(a => a.IsActive))
        {
            return new SeriesRefusal(
                State != SeriesState.Active ? SeriesRefusalReason.NotActive : SeriesRefusalReason.SessionsOpen,
                State
            );
        }

        State = SeriesState.Completed;
        return null;
    }
}

public enum SeriesState
{
    Active,
    Completed,
    Cancelled,
}

/// <summary>Why a series refused a change.</summary>
public enum SeriesRefusalReason
{
    /// <summary>A cancel of a series already cancelled.</summary>
    AlreadyCancelled,

    /// <summary>A move of the rest of a cancelled series.</summary>
    Cancelled,

    /// <summary>A move from a session that is not booked.</summary>
    SessionNotBooked,

    /// <summary>Sessions added to a series that is not active.</summary>
    NotActive,

    /// <summary>Sessions added to a series whose template has a fixed number of them.</summary>
    FixedLength,

    /// <summary>Sessions added to a series with no session standing to continue from.</summary>
    NothingToContinue,

    /// <summary>A series completed while a session of it is still booked or under way.</summary>
    SessionsOpen,
}

/// <summary>A change the series may not take, and the state it was in; the caller words it.</summary>
public sealed record SeriesRefusal(SeriesRefusalReason Reason, SeriesState State);
