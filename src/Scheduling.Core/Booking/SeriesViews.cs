using Scheduling.Core.Contracts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Booking;

public static class SeriesViews
{
    /// <param name="series">The series.</param>
    /// <param name="clinic">Its clinic, for the chairs' numbers.</param>
    /// <param name="warnings">The planner's warnings.</param>
    /// <param name="at">For a preview: where sessions would be, by id; only their places are shown changed.</param>
    public static SeriesView View(
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
            series.State.ToString(),
            Wire.Format(series.CreatedAt),
            series.CancelReason,
            series
                .Appointments.OrderBy(a => a.Number)
                .Select(a =>
                    at?.GetValueOrDefault(a.Id) is { } place ? At(View(a, clinic), place, clinic) : View(a, clinic)
                )
                .ToList(),
            warnings ?? []
        );

    public static AppointmentView View(Appointment a, Clinic clinic) =>
        View(a, clinic.Chairs.Single(c => c.Id == a.ChairId).Number);

    public static AppointmentView View(Appointment a, int chairNumber) =>
        new(
            a.Id,
            a.SeriesId,
            a.PatientId,
            a.ClinicId,
            a.Number,
            Wire.Format(a.LocalStart),
            Wire.Format(a.EndInstant.InZone(NodaTime.DateTimeZoneProviders.Tzdb[a.TimeZoneId]).LocalDateTime),
            Wire.Format(a.StartInstant),
            Wire.Format(a.EndInstant),
            a.TimeZoneId,
            chairNumber,
            a.ChairId,
            a.Status.ToString(),
            a.CancelReason,
            a.RideConfirmed,
            a.PatientConfirmedAt is not null,
            a.CallBackRequestedAt is not null,
            a.RemsFormDue is { } due ? Wire.Format(due) : null,
            a.RemsFormSubmittedAt is not null,
            a.Revision
        );

    private static AppointmentView At(AppointmentView view, SessionPlace place, Clinic clinic) =>
        view with
        {
            Start = Wire.Format(place.Start),
            End = Wire.Format(
                place.EndInstant.InZone(NodaTime.DateTimeZoneProviders.Tzdb[view.TimeZone]).LocalDateTime
            ),
            StartInstant = Wire.Format(place.StartInstant),
            EndInstant = Wire.Format(place.EndInstant),
            Chair = clinic.Chairs.Single(c => c.Id == place.ChairId).Number,
            ChairId = place.ChairId,
        };
}
