using Microsoft.EntityFrameworkCore;
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
public sealed class BookingGates(SchedulingDbContext db)
{
    /// <summary>
    /// Esketamine needs the patient's REMS enrollment on record (docs/domain.md, "What a real clinic's month
    /// adds"): without it a booking is refused, unless the request says it is pending, when a `rems` task
    /// goes with the booking, opened by the one opener of tasks (one open per patient).
    /// </summary>
    public async Task<Outcome<WorkItemOpening?>> RemsAsync(
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
            return Outcome<WorkItemOpening?>.Ok(null);
        }

        if (!pending)
        {
            return Outcome<WorkItemOpening?>.Conflict(
                $"{template.Code} is esketamine: record the patient's REMS enrollment first "
                    + $"(POST /api/patients/{patient.Id}/rems-enrollment), or book with remsEnrollmentPending: true.",
                new Dictionary<string, string[]>
                {
                    ["remsEnrollmentPending"] = ["The patient's REMS enrollment is not recorded."],
                }
            );
        }

        return Outcome<WorkItemOpening?>.Ok(
            new WorkItemOpening(
                patient.ClinicId,
                patient.Id,
                WorkItemKind.RemsEnrollmentPending,
                patient.Id,
                $"REMS enrollment pending: {template.Code} was booked before the enrollment was recorded."
            )
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
