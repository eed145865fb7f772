using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Core.Booking;

/// <summary>
/// POST /api/series/preview and POST /api/series: local wall-clock times in the clinic's zone.
/// `remsEnrollmentPending`: book an esketamine template although the patient's REMS enrollment is not
/// recorded yet, which opens a `rems` task until it is.
/// </summary>
public sealed record SeriesInput(
    Guid? PatientId,
    Guid? ClinicId,
    string? TemplateCode,
    string? FirstSessionStart,
    IReadOnlyList<string?>? SessionStarts,
    bool? RemsEnrollmentPending = null
);

/// <summary>
/// The preview: every session where it would land, and the messages that would be planned. `chair` is
/// the chair's number at the clinic (null when none is free); `requestedStart` is the time asked for or
/// given by the protocol's spacing, so an adjusted session shows both. `problems` stop booking.
/// </summary>
public sealed record SeriesPreview(
    IReadOnlyList<SessionPreview> Sessions,
    IReadOnlyList<MessagePreview> Messages,
    bool CanBook,
    IReadOnlyList<ProblemView> Problems
);

public sealed record SessionPreview(
    int Number,
    string Start,
    string StartInstant,
    string End,
    string EndInstant,
    int? Chair,
    Guid? ChairId,
    bool Adjusted,
    string RequestedStart,
    IReadOnlyList<string> Warnings
);

/// <summary>
/// `held`: a frequency cap will hold it back at send time, for `reason` (null when it goes). A message with
/// an `appointmentId` is not this series' own: a reminder of a session already booked that this booking
/// would push over a cap (listed only then, always held).
/// </summary>
public sealed record MessagePreview(
    int? SessionNumber,
    string Kind,
    string Channel,
    string DueInstant,
    bool Held = false,
    string? Reason = null,
    Guid? AppointmentId = null
);

public sealed record ProblemView(int? SessionNumber, string Code, string Message);

public sealed record SeriesView(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    string TemplateCode,
    string State,
    string CreatedAt,
    string? CancelReason,
    IReadOnlyList<AppointmentView> Sessions,
    IReadOnlyList<string> Warnings
);

public sealed record AppointmentView(
    Guid Id,
    Guid? SeriesId,
    Guid PatientId,
    Guid ClinicId,
    int Number,
    string Start,
    string End,
    string StartInstant,
    string EndInstant,
    string TimeZone,
    int Chair,
    Guid ChairId,
    string Status,
    string? CancelReason,
    bool? RideConfirmed,
    bool PatientConfirmed,
    bool CallBackRequested,
    string? RemsFormDue,
    bool RemsFormSubmitted,
    int Revision
);

public sealed record CancelInput(string? Reason);

public sealed record RescheduleInput(string? Start);

public sealed record RideInput(bool? Confirmed);

public sealed record StatusInput(string? Status);

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

    public SeriesPreview ToWire() =>
        new(
            [
                .. Sessions.Select(s => new SessionPreview(
                    s.Planned.Number,
                    Wire.Format(s.Planned.Start),
                    Wire.Format(s.Planned.StartInstant),
                    Wire.Format(s.Planned.End),
                    Wire.Format(s.Planned.EndInstant),
                    s.Chair,
                    s.Planned.ChairId,
                    s.Planned.Adjusted,
                    Wire.Format(s.Planned.RequestedStart),
                    s.Planned.Warnings
                )),
            ],
            [
                .. Messages.Select(m => new MessagePreview(
                    m.SessionNumber,
                    m.Kind.ToString(),
                    m.Channel.ToString(),
                    Wire.Format(m.DueAt),
                    m.Held,
                    m.Reason,
                    m.AppointmentId
                )),
            ],
            CanBook,
            [.. Plan.Problems.Select(p => new ProblemView(p.SessionNumber, p.Code.ToString(), p.Message))]
        );
}

/// <summary>One planned session and its chair's number at the clinic (null when no chair is free).</summary>
public sealed record PreviewSession(PlannedSession Planned, int? Chair);

/// <summary>Either the series booked, or (when the plan cannot be booked) the preview that says why.</summary>
public sealed record BookingResult(SeriesView? Series, BookingPreview? Refused);
