using NodaTime;

namespace Scheduling.Domain.Patients;

/// <summary>
/// The patient's enrollment in the esketamine REMS programme, recorded before their first esketamine
/// session (docs/domain.md, "What a real clinic's month adds"). One per patient; recording it again
/// replaces the date and reference (a correction), and the audit log keeps who did which.
/// </summary>
public sealed class RemsEnrollment
{
    public Guid PatientId { get; init; }
    public Instant EnrolledAt { get; private set; }
    public string? Reference { get; private set; }
    public required string RecordedBy { get; set; }
    public Instant RecordedAt { get; private set; }

    public static RemsEnrollment Record(
        Guid patientId,
        Instant enrolledAt,
        string? reference,
        string by,
        Instant now
    ) =>
        new()
        {
            PatientId = patientId,
            EnrolledAt = enrolledAt,
            Reference = reference,
            RecordedBy = by,
            RecordedAt = now,
        };

    public void Correct(Instant enrolledAt, string? reference, string by, Instant now)
    {
        EnrolledAt = enrolledAt;
        Reference = reference;
        RecordedBy = by;
        RecordedAt = now;
    }
}
