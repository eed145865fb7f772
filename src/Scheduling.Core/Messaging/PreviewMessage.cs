using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging;

/// <summary>
/// A message a booking would plan, as its preview lists it (the booking's MessagePreview is its wire form and says
/// what `held` and `appointmentId` mean).
/// </summary>
public sealed record PreviewMessage(
    int? SessionNumber,
    MessageKind Kind,
    Channel Channel,
    Instant DueAt,
    bool Held = false,
    string? Reason = null,
    Guid? AppointmentId = null
);
