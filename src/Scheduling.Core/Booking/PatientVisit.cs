using NodaTime;

namespace Scheduling.Core.Booking;

/// <summary>What the patient's own page shows for one link; only the state when the link leads nowhere.</summary>
public sealed record PatientVisit(VisitState State, VisitDetails? Details)
{
    public static PatientVisit Unknown { get; } = new(VisitState.Unknown, null);

    public static PatientVisit Over { get; } = new(VisitState.Over, null);
}

/// <summary>
/// The session as the patient sees it: the clinic's name in messages (never its full name) and phone, the time in
/// the clinic's zone, the preparation, whether they confirmed, whether it may still be cancelled or moved here (more
/// than <paramref name="CancelNotice"/> ahead), and the times it may move to.
/// </summary>
public sealed record VisitDetails(
    string ClinicName,
    string ClinicPhone,
    LocalDateTime Start,
    string Preparation,
    bool Confirmed,
    bool CanChange,
    Duration CancelNotice,
    IReadOnlyList<LocalDateTime> Offers
);

public enum VisitState
{
    /// <summary>No link of ours: a wrong, guessed or mangled token.</summary>
    Unknown,

    /// <summary>The session is over (held, missed or past its end): the link has expired.</summary>
    Over,

    /// <summary>The session was cancelled and is still to come.</summary>
    Cancelled,

    /// <summary>Booked and to come.</summary>
    Open,
}

/// <summary>What a post on the page came to.</summary>
public sealed record VisitAnswer(PatientVisit Visit, VisitChange Change);

public enum VisitChange
{
    /// <summary>Nothing was done: the link leads nowhere, or the session is not booked and to come.</summary>
    None,
    Confirmed,
    Cancelled,
    Moved,

    /// <summary>Within the clinic's cancel notice: the page says to call the clinic.</summary>
    TooLate,

    /// <summary>The time asked for is not one the page offers (any more).</summary>
    TimeNotOffered,

    /// <summary>Someone else booked the chair or changed the session a moment before.</summary>
    Taken,

    /// <summary>The front desk's path refused the change (the session changed meanwhile).</summary>
    Refused,
}
