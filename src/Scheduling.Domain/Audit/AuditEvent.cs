using NodaTime;

namespace Scheduling.Domain.Audit;

/// <summary>Who viewed or changed what. Details hold ids and field names, never patient data.</summary>
public sealed class AuditEvent
{
    public long Id { get; init; }
    public Instant At { get; init; }

    /// <summary>The signed-in user's id, or "system" for the worker.</summary>
    public required string Actor { get; init; }

    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }

    /// <summary>The one patient a record concerns, when it concerns exactly one (kept for older readers).</summary>
    public Guid? PatientId { get; init; }

    /// <summary>
    /// Every patient the record concerns: the one of a single-patient record, and every patient a list
    /// showed. The per-patient audit search looks here (column <c>patient_ids</c>, GIN-indexed).
    /// </summary>
    public IReadOnlyList<Guid> PatientIds { get; init; } = [];

    public string? Details { get; init; }
}
