using System.Text.Json;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;

namespace Scheduling.Core.Audit;

/// <summary>Who is acting: the signed-in user in the web host, "system" in the worker.</summary>
public interface IActor
{
    string Id { get; }
}

public sealed class SystemActor : IActor
{
    public string Id => "system";
}

/// <summary>
/// Records who viewed or changed what in the same unit of work as the change, so an audited change and
/// its audit row commit together. Details carry ids and field names, never patient data.
/// </summary>
public sealed class AuditLog(SchedulingDbContext db, IActor actor, IClock clock)
{
    public void Record(string action, string entityType, Guid entityId, Guid? patientId = null, object? details = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetCurrentInstant(),
            Actor = actor.Id,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString(),
            PatientId = patientId,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });

    /// <summary>A read of patient data, written at once (there is no other change to ride along with).</summary>
    public async Task ViewedAsync(string entityType, Guid entityId, Guid? patientId, CancellationToken cancellationToken)
    {
        Record("viewed", entityType, entityId, patientId);
        await db.SaveChangesAsync(cancellationToken);
    }
}
