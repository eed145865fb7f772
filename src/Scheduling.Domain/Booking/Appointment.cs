using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking;

/// <summary>
/// One session in a chair. Booked in the clinic's wall-clock time and zone; the instants are derived
/// when it is placed and stored for queries and the chair's exclusion constraint. Its status moves only
/// by the steps of <see cref="AppointmentLifecycle"/> (docs/domain.md, "The life of a session"): each method
/// below either takes its step or says, with an <see cref="AppointmentRefusal"/>, why it may not.
/// </summary>
public sealed class Appointment
{
    /// <summary>For EF Core, which sets the stored values through the private setters.</summary>
    private Appointment() { }

    /// <summary>A new booked session where the planner placed it.</summary>
    /// <param name="place">The chair and time.</param>
    /// <param name="remsFormDueDays">The template's days for the REMS monitoring form; null when there is none.</param>
    public Appointment(SessionPlace place, int? remsFormDueDays)
    {
        ArgumentNullException.ThrowIfNull(place);
        Status = AppointmentStatus.Booked;
        Place(place, remsFormDueDays);
    }

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? SeriesId { get; init; }
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public Guid ChairId { get; private set; }
    public int Number { get; init; }
    public Medication Medication { get; init; }

    public LocalDateTime LocalStart { get; private set; }
    public required string TimeZoneId { get; init; }
    public Instant StartInstant { get; private set; }
    public Instant EndInstant { get; private set; }

    public AppointmentStatus Status { get; private set; }
    public Instant? StatusChangedAt { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>Null until the patient or the front desk says; the day-before check asks.</summary>
    public bool? RideConfirmed { get; private set; }
    public Instant? RideConfirmedAt { get; private set; }
    public bool? FastingConfirmed { get; private set; }

    /// <summary>The patient replied C.</summary>
    public Instant? PatientConfirmedAt { get; private set; }

    /// <summary>The patient replied R: the front desk calls back to find a new time.</summary>
    public Instant? CallBackRequestedAt { get; private set; }

    /// <summary>Esketamine REMS: the monitoring form for this session is due by this date.</summary>
    public LocalDate? RemsFormDue { get; private set; }
    public Instant? RemsFormSubmittedAt { get; private set; }

    /// <summary>The REMS programme's reference for the submitted form, as the clinic keeps it.</summary>
    public string? RemsFormReference { get; private set; }

    /// <summary>The staff user who recorded the form as submitted.</summary>
    public string? RemsFormRecordedBy { get; private set; }

    /// <summary>Raised on every change that patients see; the calendar invite's SEQUENCE.</summary>
    public int Revision { get; private set; }

    public Instant CreatedAt { get; init; }

    public bool IsActive => Status is AppointmentStatus.Booked or AppointmentStatus.Arrived;

    /// <summary>The patient is in the clinic.</summary>
    public AppointmentRefusal? Arrive(Instant at) => Take(AppointmentLifecycle.Arrive, at);

    /// <summary>The session was held to its end.</summary>
    public AppointmentRefusal? Complete(Instant at) => Take(AppointmentLifecycle.Complete, at);

    /// <summary>The patient did not come, or left before being dosed.</summary>
    public AppointmentRefusal? MarkNoShow(Instant at) => Take(AppointmentLifecycle.MarkNoShow, at);

    /// <summary>The session will not take place; the reason is kept. A change patients see: a new revision.</summary>
    public AppointmentRefusal? Cancel(string reason, Instant at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Take(AppointmentLifecycle.Cancel, at) is { } refusal)
        {
            return refusal;
        }

        CancelReason = reason;
        Revision++;
        return null;
    }

    /// <summary>Why this session may not be moved now, or null when it may.</summary>
    public AppointmentRefusal? MoveRefusal() => Refusal(AppointmentLifecycle.Move);

    /// <summary>
    /// The session goes to another time (and chair): a new revision (the invite's SEQUENCE), the REMS form's due
    /// date follows the new date, and the patient's confirmations are asked again.
    /// </summary>
    public AppointmentRefusal? MoveTo(SessionPlace place, int? remsFormDueDays)
    {
        ArgumentNullException.ThrowIfNull(place);
        if (MoveRefusal() is { } refusal)
        {
            return refusal;
        }

        Place(place, remsFormDueDays);
        PatientConfirmedAt = null;
        RideConfirmed = null;
        RideConfirmedAt = null;
        Revision++;
        return null;
    }

    /// <summary>
    /// Same time, another chair, as a move of the rest of a series may give an unmoved session: nothing the
    /// patient sees changes, so no new revision.
    /// </summary>
    public AppointmentRefusal? SwitchChair(Guid chairId)
    {
        if (MoveRefusal() is { } refusal)
        {
            return refusal;
        }

        ChairId = chairId;
        return null;
    }

    /// <summary>The front desk records whether the patient has a ride home.</summary>
    public void RecordRide(bool confirmed, Instant at)
    {
        RideConfirmed = confirmed;
        RideConfirmedAt = at;
    }

    /// <summary>The patient answered the day-before check: the ride home and the fasting together.</summary>
    public void AnswerDayBeforeCheck(bool confirmed, Instant at)
    {
        RideConfirmed = confirmed;
        FastingConfirmed = confirmed;
        RideConfirmedAt = at;
    }

    /// <summary>The patient replied C.</summary>
    public void ConfirmByPatient(Instant at) => PatientConfirmedAt = at;

    /// <summary>The patient replied R.</summary>
    public void RequestCallBack(Instant at) => CallBackRequestedAt = at;

    /// <summary>
    /// The session's REMS monitoring form was submitted (docs/domain.md, "What a real clinic's month adds"):
    /// only for a session that has one due and was held, and only once. Returns why not, or null when recorded.
    /// </summary>
    public string? RecordRemsForm(Instant submittedAt, string? reference, string by)
    {
        if (RemsFormRefusal() is { } refusal)
        {
            return refusal;
        }

        RemsFormSubmittedAt = submittedAt;
        RemsFormReference = reference;
        RemsFormRecordedBy = by;
        return null;
    }

    /// <summary>Why this session's form cannot be recorded now, or null when it can.</summary>
    public string? RemsFormRefusal()
    {
        if (RemsFormDue is null)
        {
            return "This session has no REMS monitoring form (it is not an esketamine session).";
        }

        if (Status is not (AppointmentStatus.Arrived or AppointmentStatus.Completed))
        {
            return $"A session that is {Status} has no monitoring form to submit: the patient was not dosed.";
        }

        if (RemsFormSubmittedAt is { } already)
        {
            return $"The monitoring form of this session was already recorded as submitted at {already}.";
        }

        return null;
    }

    private AppointmentRefusal? Refusal(AppointmentTransition step) =>
        step.AllowsFrom(Status) ? null : new AppointmentRefusal(step.Step, Status);

    private AppointmentRefusal? Take(AppointmentTransition step, Instant at)
    {
        if (Refusal(step) is { } refusal)
        {
            return refusal;
        }

        Status = step.To;
        StatusChangedAt = at;
        return null;
    }

    private void Place(SessionPlace place, int? remsFormDueDays)
    {
        ChairId = place.ChairId;
        LocalStart = place.Start;
        StartInstant = place.StartInstant;
        EndInstant = place.EndInstant;
        RemsFormDue = remsFormDueDays is { } days ? place.Start.Date.PlusDays(days) : null;
    }
}

public enum AppointmentStatus
{
    Booked,
    Arrived,
    Completed,
    NoShow,
    Cancelled,
}

/// <summary>Where a session is held: a chair, its start in the clinic's wall-clock time, and its instants.</summary>
public sealed record SessionPlace(Guid ChairId, LocalDateTime Start, Instant StartInstant, Instant EndInstant);
