using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Booking;

/// <summary>
/// What a booking asks of the clinic's records before it is written: the REMS gate for esketamine, and whether the
/// series takes PCL-5 (the clinic's choice for the template when it is booked).
/// </summary>
public sealed class BookingGates(SchedulingDbContext db, IClock clock)
{
    /// <summary>
    /// Esketamine needs the patient's REMS enrollment on record (docs/domain.md, "What a real clinic's month
    /// adds"): without it a booking is refused, unless the request says it is pending, when a `rems` task
    /// goes with the booking (one open per patient).
    /// </summary>
    public async Task<Outcome<WorkItem?>> RemsAsync(
        bool pending,
        ProtocolTemplate template,
        Patient patient,
        CancellationToken cancellationToken
    )
    {
        if (
            template.Medication != Medication.EsketamineNasal
            || await db.RemsEnrollments.AnyAsync(e => e.PatientId == patient.Id, cancellationToken)
        )
        {
            return Outcome<WorkItem?>.Ok(null);
        }

        if (!pending)
        {
            return Outcome<WorkItem?>.Conflict(
                $"{template.Code} is esketamine: record the patient's REMS enrollment first "
                    + $"(POST /api/patients/{patient.Id}/rems-enrollment), or book with remsEnrollmentPending: true.",
                new Dictionary<string, string[]>
                {
                    ["remsEnrollmentPending"] = ["The patient's REMS enrollment is not recorded."],
                }
            );
        }

        var open = await db.WorkItems.AnyAsync(
            w =>
                w.Kind == WorkItemKind.RemsEnrollmentPending
                && w.SubjectId == patient.Id
                && w.State == WorkItemState.Open,
            cancellationToken
        );
        return Outcome<WorkItem?>.Ok(
            open
                ? null
                : new WorkItem
                {
                    ClinicId = patient.ClinicId,
                    PatientId = patient.Id,
                    Kind = WorkItemKind.RemsEnrollmentPending,
                    SubjectId = patient.Id,
                    CreatedAt = clock.GetCurrentInstant(),
                    State = WorkItemState.Open,
                    Detail = $"REMS enrollment pending: {template.Code} was booked before the enrollment was recorded.",
                }
        );
    }

    public Task<bool> WithPcl5Async(Clinic clinic, ProtocolTemplate template, CancellationToken cancellationToken) =>
        template.OffersPcl5
            ? db.ClinicTemplateOptions.AnyAsync(
                o => o.ClinicId == clinic.Id && o.TemplateCode == template.Code && o.Pcl5,
                cancellationToken
            )
            : Task.FromResult(false);
}
