using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking;

/// <summary>
/// One session in a chair. Booked in the clinic's wall-clock time and zone; the instants are derived
/// when it is placed and stored for queries and the chair's exclusion constraint.
/// </summary>
public sealed class Appointment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? SeriesId { get; init; }
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public Guid ChairId { get; set; }
    public int Number { get; init; }
    public Medication Medication { get; init; }

    public LocalDateTime LocalStart { get; set; }
    public required string TimeZoneId { get; init; }
    public Instant StartInstant { get; set; }
    public Instant EndInstant { get; set; }

    public AppointmentStatus Status { get; set; }
    public Instant? StatusChangedAt { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>Null until the patient or the front desk says; the day-before check asks.</summary>
    public bool? RideConfirmed { get; set; }
    public Instant? RideConfirmedAt { get; set; }
    public bool? FastingConfirmed { get; set; }

    /// <summary>The patient replied C.</summary>
    public Instant? PatientConfirmedAt { get; set; }

    /// <summary>The patient replied R: the front desk calls back to find a new time.</summary>
    public Instant? CallBackRequestedAt { get; set; }

    /// <summary>Esketamine REMS: the monitoring form for this session is due by this date.</summary>
    public LocalDate? RemsFormDue { get; set; }
    public Instant? RemsFormSubmittedAt { get; set; }

    /// <summary>The REMS programme's reference for the submitted form, as the clinic keeps it.</summary>
    public string? RemsFormReference { get; private set; }

    /// <summary>The staff user who recorded the form as submitted.</summary>
    public string? RemsFormRecordedBy { get; private set; }

    /// <summary>Raised on every change that patients see; the calendar invite's SEQUENCE.</summary>
    public int Revision { get; set; }

    public Instant CreatedAt { get; init; }

    public bool IsActive => Status is AppointmentStatus.Booked or AppointmentStatus.Arrived;

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
}

public enum AppointmentStatus
{
    Booked,
    Arrived,
    Completed,
    NoShow,
    Cancelled,
}
