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
    /// <summary>The session's monitoring form, submitted at <see cref="RemsRecord.At"/> (now when null).</summary>
    public async Task<Outcome<Appointment>> RecordFormAsync(
        Guid appointmentId,
        RemsRecord record,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.GetCurrentInstant();
        var problems = new Problems();
        Check(record, "submittedAt", now, problems);
        if (problems.Any)
        {
            return Outcome<Appointment>.Invalid(problems.ToDictionary());
        }

        var submittedAt = record.At ?? now;
        var reference = Reference(record.Reference);

        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == appointmentId, cancellationToken);
        if (appointment is null)
        {
            return Outcome<Appointment>.NotFound($"There is no appointment {appointmentId}.");
        }

        if (appointment.RemsFormRefusal() is { } refused)
        {
            return Outcome<Appointment>.Conflict(refused);
        }

        if (submittedAt < appointment.StartInstant)
        {
            return Outcome<Appointment>.Invalid(
                "submittedAt",
                "A session's monitoring form cannot be submitted before the session started."
            );
        }

        if (appointment.RecordRemsForm(submittedAt, reference, actor.Id) is { } refusal)
        {
            return Outcome<Appointment>.Conflict(refusal);
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
            return Outcome<Appointment>.Conflict(
                "Someone else changed this session at the same moment. Reload and try again."
            );
        }

        return appointment;
    }

    /// <summary>
    /// The patient's enrollment, made at <see cref="RemsRecord.At"/> (now when null); recorded again, it is corrected.
    /// </summary>
    public async Task<Outcome<RemsEnrollment>> EnrollAsync(
        Guid patientId,
        RemsRecord record,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.GetCurrentInstant();
        var problems = new Problems();
        Check(record, "enrolledAt", now, problems);
        if (problems.Any)
        {
            return Outcome<RemsEnrollment>.Invalid(problems.ToDictionary());
        }

        var enrolledAt = record.At ?? now;
        var reference = Reference(record.Reference);

        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<RemsEnrollment>.NotFound($"There is no patient {patientId}.");
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
            return Outcome<RemsEnrollment>.Conflict(
                "Someone else recorded this enrollment at the same moment. Reload and try again."
            );
        }

        return enrollment;
    }

    public async Task<Outcome<RemsEnrollment>> EnrollmentAsync(Guid patientId, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<RemsEnrollment>.NotFound($"There is no patient {patientId}.");
        }

        var enrollment = await db
            .RemsEnrollments.AsNoTracking()
            .SingleOrDefaultAsync(e => e.PatientId == patientId, cancellationToken);
        await audit.ViewedAsync(nameof(RemsEnrollment), patientId, patientId, cancellationToken);
        return enrollment is null
            ? Outcome<RemsEnrollment>.NotFound($"No REMS enrollment is recorded for patient {patientId}.")
            : enrollment;
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

    /// <summary>
    /// A time that has passed (<paramref name="field"/> names it) and a reference that fits its column; the web
    /// host's reading of a request asks the same, so that a request is refused with every bad field at once.
    /// </summary>
    public static void Check(RemsRecord record, string field, Instant now, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(problems);
        if (record.At > now)
        {
            problems.Add(field, "Expected a time that has passed.");
        }

        if (Reference(record.Reference) is { Length: > RemsEnrollmentConfiguration.ReferenceLength })
        {
            problems.Add("reference", $"At most {RemsEnrollmentConfiguration.ReferenceLength} characters.");
        }
    }

    private static string? Reference(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// A REMS record as the front desk gives it: when the form was submitted or the enrollment made (now when
/// null), and the programme's reference, if any.
/// </summary>
public sealed record RemsRecord(Instant? At, string? Reference);
