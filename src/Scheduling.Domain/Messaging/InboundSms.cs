using NodaTime;

namespace Scheduling.Domain.Messaging;

/// <summary>An SMS a patient sent us, kept once per provider id so that a retried webhook is handled once.</summary>
public sealed class InboundSms
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string ProviderId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Body { get; init; }
    public Instant ReceivedAt { get; init; }
    public Guid? PatientId { get; set; }
    public InboundIntent Intent { get; set; }
}

public enum InboundIntent
{
    Unrecognised,
    OptOut,
    OptIn,
    Help,
    Confirm,
    Reschedule,
    RideAndFastingConfirmed,
    RideOrFastingDeclined,
}

/// <summary>A delivery status callback; (ProviderId, Status) is unique, so duplicates change nothing.</summary>
public sealed class DeliveryStatusEvent
{
    public long Id { get; init; }
    public required string ProviderId { get; init; }
    public required string Status { get; init; }
    public string? ErrorCode { get; init; }
    public Instant ReceivedAt { get; init; }
}

/// <summary>An SMS held by the local capture adapter instead of reaching a phone (local mode and demos).</summary>
public sealed class CapturedSms
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string To { get; init; }
    public required string From { get; init; }
    public required string Body { get; init; }
    public Instant CapturedAt { get; init; }
}
