using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Booking;

/// <summary>A series and its sessions as the use cases answer them: typed values, each chair by its number.</summary>
public static class SeriesViews
{
    /// <param name="series">The series.</param>
    /// <param name="clinic">Its clinic, for the chairs' numbers.</param>
    /// <param name="warnings">The planner's warnings.</param>
    /// <param name="at">For a preview: where sessions would be, by id; only their places are shown changed.</param>
    public static SeriesSnapshot View(
        Series series,
        Clinic clinic,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyDictionary<Guid, SessionPlace>? at = null
    ) =>
        new(
            series.Id,
            series.PatientId,
            series.ClinicId,
            series.TemplateCode,
            series.State,
            series.CreatedAt,
            series.CancelReason,
            series
                .Appointments.OrderBy(a => a.Number)
                .Select(a =>
                    at?.GetValueOrDefault(a.Id) is { } place ? At(View(a, clinic), place, clinic) : View(a, clinic)
                )
                .ToList(),
            warnings ?? []
        );

    public static SessionSnapshot View(Appointment a, Clinic clinic) =>
        View(a, clinic.Chairs.Single(c => c.Id == a.ChairId).Number);

    public static SessionSnapshot View(Appointment a, int chairNumber) =>
        new(
            a.Id,
            a.SeriesId,
            a.PatientId,
            a.ClinicId,
            a.Number,
            a.LocalStart,
            a.EndInstant.InZone(DateTimeZoneProviders.Tzdb[a.TimeZoneId]).LocalDateTime,
            a.StartInstant,
            a.EndInstant,
            a.TimeZoneId,
            chairNumber,
            a.ChairId,
            a.Status,
            a.CancelReason,
            a.RideConfirmed,
            a.PatientConfirmedAt is not null,
            a.CallBackRequestedAt is not null,
            a.RemsFormDue,
            a.RemsFormSubmittedAt is not null,
            a.Revision
        );

    private static SessionSnapshot At(SessionSnapshot view, SessionPlace place, Clinic clinic) =>
        view with
        {
            Start = place.Start,
            End = place.EndInstant.InZone(DateTimeZoneProviders.Tzdb[view.TimeZone]).LocalDateTime,
            StartInstant = place.StartInstant,
            EndInstant = place.EndInstant,
            Chair = clinic.Chairs.Single(c => c.Id == place.ChairId).Number,
            ChairId = place.ChairId,
        };
}

/// <summary>A series as it stands (or would, for a preview), with the planner's warnings.</summary>
public sealed record SeriesSnapshot(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    string TemplateCode,
    SeriesState State,
    Instant CreatedAt,
    string? CancelReason,
    IReadOnlyList<SessionSnapshot> Sessions,
    IReadOnlyList<string> Warnings
);

/// <summary>
/// One session: where and when (the clinic's wall-clock times and the instants), its chair's number, its state
/// and what the front desk has recorded of it.
/// </summary>
public sealed record SessionSnapshot(
    Guid Id,
    Guid? SeriesId,
    Guid PatientId,
    Guid ClinicId,
    int Number,
    LocalDateTime Start,
    LocalDateTime End,
    Instant StartInstant,
    Instant EndInstant,
    string TimeZone,
    int Chair,
    Guid ChairId,
    AppointmentStatus Status,
    string? CancelReason,
    bool? RideConfirmed,
    bool PatientConfirmed,
    bool CallBackRequested,
    LocalDate? RemsFormDue,
    bool RemsFormSubmitted,
    int Revision
);
