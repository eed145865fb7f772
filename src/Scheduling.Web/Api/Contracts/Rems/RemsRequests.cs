using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Rems;

namespace Scheduling.Web.Api.Contracts.Rems;

/// <summary>
/// Reads the REMS records' requests into a <see cref="RemsRecord"/>: the time, when given, an instant with offset
/// that has passed (`submittedAt`, `enrolledAt`), and a `reference` that fits; every bad field is named at once.
/// </summary>
public static class RemsRequests
{
    /// <summary>POST /api/appointments/{id}/rems-form.</summary>
    public static Task<Outcome<RemsFormView>> RecordFormAsync(
        this RemsRecords rems,
        Guid appointmentId,
        RemsFormInput? input,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(rems);
        var record = ReadForm(input, now);
        return record.Kind == OutcomeKind.Ok
            ? rems.RecordFormAsync(appointmentId, record.Value!, cancellationToken).ToWire(RemsFormView.From)
            : Task.FromResult(Outcome<RemsFormView>.Invalid(record.Errors));
    }

    /// <summary>POST /api/patients/{id}/rems-enrollment.</summary>
    public static Task<Outcome<RemsEnrollmentView>> EnrollAsync(
        this RemsRecords rems,
        Guid patientId,
        RemsEnrollmentInput? input,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(rems);
        var record = ReadEnrollment(input, now);
        return record.Kind == OutcomeKind.Ok
            ? rems.EnrollAsync(patientId, record.Value!, cancellationToken).ToWire(RemsEnrollmentView.From)
            : Task.FromResult(Outcome<RemsEnrollmentView>.Invalid(record.Errors));
    }

    public static Outcome<RemsRecord> ReadForm(RemsFormInput? input, Instant now) =>
        Read(input?.SubmittedAt, "submittedAt", input?.Reference, now);

    public static Outcome<RemsRecord> ReadEnrollment(RemsEnrollmentInput? input, Instant now) =>
        Read(input?.EnrolledAt, "enrolledAt", input?.Reference, now);

    /// <summary>No body, or no time, records now.</summary>
    private static Outcome<RemsRecord> Read(string? at, string field, string? reference, Instant now)
    {
        var problems = new Problems();
        var when = string.IsNullOrWhiteSpace(at) ? null : Wire.Instant(at, field, problems);
        var record = new RemsRecord(when, reference);
        RemsRecords.Check(record, field, now, problems);
        return problems.Any ? Outcome<RemsRecord>.Invalid(problems.ToDictionary()) : record;
    }
}
