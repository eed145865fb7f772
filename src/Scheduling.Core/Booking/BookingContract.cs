using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Core.Booking;

/// <summary>
/// The sessions starting on the local dates <paramref name="From"/>..<paramref name="To"/>, each clinic's dates
/// in its own zone; at one clinic, or at all of them when <paramref name="ClinicId"/> is null.
/// </summary>
public sealed record AppointmentQuery(LocalDate From, LocalDate To, Guid? ClinicId);

/// <summary>
/// A booking as the dashboard and the API's parser give it to the use case: typed values, the clinic's
/// wall-clock times. <see cref="SessionStarts"/>, when given, has one start per session, each kept exactly.
/// </summary>
public sealed record BookingRequest(
    Guid PatientId,
    Guid ClinicId,
    string TemplateCode,
    LocalDateTime FirstSessionStart,
    IReadOnlyList<LocalDateTime>? SessionStarts = null,
    bool RemsEnrollmentPending = false,
    Guid? FirstChairId = null
);

/// <summary>
/// The preview as typed values: the planner's plan, each session with its chair's number, and every message.
/// </summary>
public sealed record BookingPreview(
    SeriesPlan Plan,
    IReadOnlyList<PreviewSession> Sessions,
    IReadOnlyList<PreviewMessage> Messages
)
{
    public bool CanBook => Plan.CanBook;
}

/// <summary>One planned session and its chair's number at the clinic (null when no chair is free).</summary>
public sealed record PreviewSession(PlannedSession Planned, int? Chair);

/// <summary>Either the series booked, or (when the plan cannot be booked) the preview that says why.</summary>
public sealed record BookingResult(SeriesSnapshot? Series, BookingPreview? Refused);
