using Scheduling.Domain.Booking;
using Scheduling.Domain.Patients;

namespace Scheduling.Web.Api.Contracts.Rems;

/// <summary>POST /api/appointments/{id}/rems-form: `submittedAt` an instant with offset (now when absent).</summary>
public sealed record RemsFormInput(string? SubmittedAt, string? Reference);

/// <summary>POST /api/patients/{id}/rems-enrollment: `enrolledAt` an instant with offset (now when absent).</summary>
public sealed record RemsEnrollmentInput(string? EnrolledAt, string? Reference);

public sealed record RemsFormView(
    Guid AppointmentId,
    Guid PatientId,
    string? DueDate,
    string? SubmittedAt,
    string? Reference,
    string? RecordedBy
)
{
    public static RemsFormView From(Appointment a) =>
        new(
            a.Id,
            a.PatientId,
            a.RemsFormDue is { } due ? Wire.Format(due) : null,
            a.RemsFormSubmittedAt is { } at ? Wire.Format(at) : null,
            a.RemsFormReference,
            a.RemsFormRecordedBy
        );
}

public sealed record RemsEnrollmentView(
    Guid PatientId,
    string EnrolledAt,
    string? Reference,
    string RecordedBy,
    string RecordedAt
)
{
    public static RemsEnrollmentView From(RemsEnrollment e) =>
        new(e.PatientId, Wire.Format(e.EnrolledAt), e.Reference, e.RecordedBy, Wire.Format(e.RecordedAt));
}
