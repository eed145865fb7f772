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
/// its audit row commit together. Details carry ids and field names, never patient data. Every row lists
/// the patients it concerns in <see cref="AuditEvent.PatientIds"/>, which the per-patient search reads
/// (<see cref="AuditTrail"/>); a read of a list is one row naming every patient the list showed.
/// </summary>
public sealed class AuditLog(SchedulingDbContext db, IActor actor, IClock clock)
{
    public const string Viewed = "viewed";

    public void Record(
        string action,
        string entityType,
        Guid entityId,
        Guid? patientId = null,
        object? details = null
    ) => Add(action, entityType, entityId, patientId, patientId is { } id ? [id] : [], details);

    /// <summary>
    /// A read of a list (or a page) that showed these patients: one row naming them all, saved with the
    /// caller's next save. An empty list is recorded too: someone looked and saw no one.
    /// </summary>
    public void Listed(
        string entityType,
        Guid entityId,
        IEnumerable<Guid> patientIds,
        object? details = null,
        string action = Viewed
    )
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        Add(action, entityType, entityId, null, [.. patientIds.Distinct()], details);
    }

    /// <summary>The same, written at once (there is no other change to ride along with).</summary>
    public async Task ListedAsync(
        string entityType,
        Guid entityId,
        IEnumerable<Guid> patientIds,
        CancellationToken cancellationToken,
        object? details = null
    )
    {
        Listed(entityType, entityId, patientIds, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A read of patient data, written at once (there is no other change to ride along with).</summary>
    public async Task ViewedAsync(
        string entityType,
        Guid entityId,
        Guid? patientId,
        CancellationToken cancellationToken
    )
    {
        Record(Viewed, entityType, entityId, patientId);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Add(
        string action,
        string entityType,
        Guid entityId,
        Guid? patientId,
        IReadOnlyList<Guid> patientIds,
        object? details
    ) =>
        db.AuditEvents.Add(
            new AuditEvent
            {
                At = clock.GetCurrentInstant(),
                Actor = actor.Id,
                Action = action,
                EntityType = entityType,
                EntityId = entityId.ToString(),
                PatientId = patientId,
                PatientIds = patientIds,
                Details = details is null ? null : JsonSerializer.Serialize(details),
            }
        );
}
