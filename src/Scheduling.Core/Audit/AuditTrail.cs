using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;

namespace Scheduling.Core.Audit;

/// <summary>
/// The audit search: newest first, by patient (every row whose <c>patient_ids</c> holds the patient, lists
/// that showed them included) and by actor. The patient test is <c>@&gt;</c> so that the GIN index serves it.
/// </summary>
public sealed class AuditTrail(SchedulingDbContext db)
{
    public async Task<IReadOnlyList<AuditEvent>> SearchAsync(
        Guid? patientId,
        IReadOnlyCollection<string>? actors,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var events = patientId is { } patient
            ? db.AuditEvents.FromSql(
                $"SELECT * FROM scheduling.audit_events WHERE patient_ids @> ARRAY[{patient}]::uuid[]"
            )
            : db.AuditEvents;
        if (actors is not null)
        {
            events = events.Where(e => actors.Contains(e.Actor));
        }

        return await events.AsNoTracking().OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>A patient's audit rows, newest first.</summary>
    public Task<IReadOnlyList<AuditEvent>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken,
        int limit = 200
    ) => SearchAsync(patientId, null, limit, cancellationToken);
}
