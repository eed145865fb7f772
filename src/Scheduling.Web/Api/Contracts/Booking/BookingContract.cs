using Scheduling.Core.Booking;

namespace Scheduling.Web.Api.Contracts.Booking;

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
)
{
    public static SeriesPreview From(BookingPreview preview) =>
        new(
            [
                .. preview.Sessions.Select(s => new SessionPreview(
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
                .. preview.Messages.Select(m => new MessagePreview(
                    m.SessionNumber,
                    m.Kind.ToString(),
                    m.Channel.ToString(),
                    Wire.Format(m.DueAt),
                    m.Held,
                    m.Reason,
                    m.AppointmentId
                )),
            ],
            preview.CanBook,
            [.. preview.Plan.Problems.Select(p => new ProblemView(p.SessionNumber, p.Code.ToString(), p.Message))]
        );
}

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
)
{
    public static SeriesView From(SeriesSnapshot s) =>
        new(
            s.Id,
            s.PatientId,
            s.ClinicId,
            s.TemplateCode,
            s.State.ToString(),
            Wire.Format(s.CreatedAt),
            s.CancelReason,
            [.. s.Sessions.Select(AppointmentView.From)],
            s.Warnings
        );
}

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
)
{
    public static AppointmentView From(SessionSnapshot s) =>
        new(
            s.Id,
            s.SeriesId,
            s.PatientId,
            s.ClinicId,
            s.Number,
            Wire.Format(s.Start),
            Wire.Format(s.End),
            Wire.Format(s.StartInstant),
            Wire.Format(s.EndInstant),
            s.TimeZone,
            s.Chair,
            s.ChairId,
            s.Status.ToString(),
            s.CancelReason,
            s.RideConfirmed,
            s.PatientConfirmed,
            s.CallBackRequested,
            s.RemsFormDue is { } due ? Wire.Format(due) : null,
            s.RemsFormSubmitted,
            s.Revision
        );
}

public sealed record CancelInput(string? Reason);

public sealed record RescheduleInput(string? Start);

public sealed record RideInput(bool? Confirmed);

public sealed record StatusInput(string? Status);

/// <summary>POST /api/series/{id}/move as it comes over the wire.</summary>
public sealed record MoveRestInput(Guid? FromAppointmentId, string? Start, bool? Preview);

/// <summary>POST /api/series/{id}/sessions: how many sessions to add after the last one (1 to 12).</summary>
public sealed record AddSessionsInput(int? Count);
