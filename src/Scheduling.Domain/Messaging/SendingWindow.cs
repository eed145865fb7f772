using NodaTime;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;

namespace Scheduling.Domain.Messaging;

/// <summary>The hours of the patient's own day in which messages may arrive ([Start, End], local).</summary>
public sealed record SendingWindow(DateTimeZone Zone, LocalTime Start, LocalTime End)
{
    /// <summary>
    /// The one definition of when a patient may be messaged: the clinic's sending hours, read in the patient's own
    /// time zone (docs/domain.md, "Time"). The planners (reminders, surveys, the no-show offer) place messages
    /// in it, and the dispatcher checks it again at send time; both ask this. An unknown zone id throws.
    /// </summary>
    public static SendingWindow Of(Patient patient, Clinic clinic, IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(zones);
        return new(zones[patient.TimeZoneId], clinic.SendingWindowStart, clinic.SendingWindowEnd);
    }

    /// <summary>The instant itself when inside the window, else the end of the latest window before it.</summary>
    public Instant? LatestAtOrBefore(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        if (local.TimeOfDay >= Start && local.TimeOfDay <= End)
        {
            return instant;
        }

        var date = local.TimeOfDay > End ? local.Date : local.Date.PlusDays(-1);
        return date.At(End).InZoneLeniently(Zone).ToInstant();
    }

    /// <summary>The instant itself when inside the window, else the start of the next window after it.</summary>
    public Instant EarliestAtOrAfter(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        if (local.TimeOfDay >= Start && local.TimeOfDay <= End)
        {
            return instant;
        }

        var date = local.TimeOfDay < Start ? local.Date : local.Date.PlusDays(1);
        return date.At(Start).InZoneLeniently(Zone).ToInstant();
    }

    public bool Contains(Instant instant)
    {
        var time = instant.InZone(Zone).TimeOfDay;
        return time >= Start && time <= End;
    }
}
