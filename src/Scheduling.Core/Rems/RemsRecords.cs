using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Persistence.Configurations;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Rems;

/// <summary>
/// The esketamine REMS records (docs/domain.md, "What a real clinic's month adds"): a patient's
/// enrollment and each session's monitoring form, recorded by whom, when and with the programme's
/// reference (POST /api/patients/{id}/rems-enrollment, POST /api/appointments/{id}/rems-form, and the
/// worklist page). Recording one closes the task it answers, in the same transaction; the worklist job
/// never reopens a task for a session whose form is recorded, nor for one whose task was closed.
/// </summary>
public sealed class RemsRecords(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    public async Task<Outcome<RemsFormView>> RecordFormAsync(
        Guid appointmentId,
        RemsFormInput? input,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetCurrentInstant();
        var problems = new Problems();
        var submittedAt = When(input?.SubmittedAt, "submittedAt", now, problems);
        var reference = Reference(input?.Reference, problems);
        if (problems.Any)
        {
            return Outcome<RemsFormView>.Invalid(problems.ToDictionary());
        }

        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == appointmentId, cancellationToken);
        if (appointment is null)
        {
            return Outcome<RemsFormView>.NotFound($"There is no appointment {appointmentId}.");
        }

        if (appointment.RemsFormRefusal() is { } refused)
        {
            return Outcome<RemsFormView>.Conflict(refused);
        }

        if (submittedAt < appointment.StartInstant)
        {
            return Outcome<RemsFormView>.Invalid(
                "submittedAt",
                "A session's monitoring form cannot be submitted before the session started."
            );
        }

        if (appointment.RecordRemsForm(submittedAt, reference, actor.Id) is { } refusal)
        {
            return Outcome<RemsFormView>.Conflict(refusal);
        }

        await ResolveAsync(WorkItemKind.RemsFormDue, appointment.Id, now, cancellationToken);
        var details = new { hasReference = reference is not null };
        audit.Record("rems-form-recorded", nameof(Appointment), appointment.Id, appointment.PatientId, details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<RemsFormView>.Conflict(
                "Someone else changed this session at the same moment. Reload and try again."
            );
        }

        return FormView(appointment);
    }

    public async Task<Outcome<RemsEnrollmentView>> EnrollAsync(
        Guid patientId,
        RemsEnrollmentInput? input,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetCurrentInstant();
        var problems = new Problems();
        var enrolledAt = When(input?.EnrolledAt, "enrolledAt", now, problems);
        var reference = Reference(input?.Reference, problems);
        if (problems.Any)
        {
            return Outcome<RemsEnrollmentView>.Invalid(problems.ToDictionary());
        }

        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<RemsEnrollmentView>.NotFound($"There is no patient {patientId}.");
        }

        var enrollment = await db.RemsEnrollments.SingleOrDefaultAsync(
            e => e.PatientId == patientId,
            cancellationToken
        );
        if (enrollment is null)
        {
            enrollment = RemsEnrollment.Record(patientId, enrolledAt, reference, actor.Id, now);
            db.RemsEnrollments.Add(enrollment);
        }
        else
        {
            enrollment.Correct(enrolledAt, reference, actor.Id, now);
        }

        await ResolveAsync(WorkItemKind.RemsEnrollmentPending, patientId, now, cancellationToken);
        var details = new { hasReference = reference is not null };
        audit.Record("rems-enrollment-recorded", nameof(Patient), patientId, patientId, details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return Outcome<RemsEnrollmentView>.Conflict(
                "Someone else recorded this enrollment at the same moment. Reload and try again."
            );
        }

        return EnrollmentView(enrollment);
    }

    public async Task<Outcome<RemsEnrollmentView>> EnrollmentAsync(Guid patientId, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<RemsEnrollmentView>.NotFound($"There is no patient {patientId}.");
        }

        var enrollment = await db
            .RemsEnrollments.AsNoTracking()
            .SingleOrDefaultAsync(e => e.PatientId == patientId, cancellationToken);
        await audit.ViewedAsync(nameof(RemsEnrollment), patientId, patientId, cancellationToken);
        return enrollment is null
            ? Outcome<RemsEnrollmentView>.NotFound($"No REMS enrollment is recorded for patient {patientId}.")
            : EnrollmentView(enrollment);
    }

    /// <summary>Whether the patient's enrollment is on record, for the booking of an esketamine template.</summary>
    public Task<bool> IsEnrolledAsync(Guid patientId, CancellationToken cancellationToken) =>
        db.RemsEnrollments.AnyAsync(e => e.PatientId == patientId, cancellationToken);

    /// <summary>The task's cause is gone: it is done, by whoever recorded what answered it.</summary>
    private async Task ResolveAsync(WorkItemKind kind, Guid subjectId, Instant now, CancellationToken cancellationToken)
    {
        var open = await db
            .WorkItems.Where(w => w.Kind == kind && w.SubjectId == subjectId && w.State == WorkItemState.Open)
            .ToListAsync(cancellationToken);
        open.ForEach(item => item.Resolve(now, actor.Id));
    }

    /// <summary>An instant with offset, now when absent; never in the future.</summary>
    private static Instant When(string? text, string field, Instant now, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return now;
        }

        if (Wire.Instant(text, field, problems) is not { } at)
        {
            return now;
        }

        if (at > now)
        {
            problems.Add(field, "Expected a time that has passed.");
        }

        return at;
    }

    private static string? Reference(string? text, Problems problems)
    {
        var reference = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (reference is { Length: > RemsEnrollmentConfiguration.ReferenceLength })
        {
            problems.Add("reference", $"At most {RemsEnrollmentConfiguration.ReferenceLength} characters.");
        }

        return reference;
    }

    private static RemsFormView FormView(Appointment a) =>
        new(
            a.Id,
            a.PatientId,
            a.RemsFormDue is { } due ? Wire.Format(due) : null,
            a.RemsFormSubmittedAt is { } at ? Wire.Format(at) : null,
            a.RemsFormReference,
            a.RemsFormRecordedBy
        );

    private static RemsEnrollmentView EnrollmentView(RemsEnrollment e) =>
        new(e.PatientId, Wire.Format(e.EnrolledAt), e.Reference, e.RecordedBy, Wire.Format(e.RecordedAt));
}

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
);

public sealed record RemsEnrollmentView(
    Guid PatientId,
    string EnrolledAt,
    string? Reference,
    string RecordedBy,
    string RecordedAt
);
