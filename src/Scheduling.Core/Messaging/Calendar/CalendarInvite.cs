using NodaTime;

namespace Scheduling.Core.Messaging.Calendar;

/// <summary>
/// What a patient's calendar needs to know about one appointment. <see cref="Revision"/> rises on every
/// change, so a calendar replaces the older copy; <see cref="Stamp"/> is when this revision was made.
/// </summary>
public sealed record CalendarInvite(
    Guid AppointmentId,
    int Revision,
    InviteMethod Method,
    LocalDateTime Start,
    LocalDateTime End,
    string TimeZoneId,
    string ClinicName,
    string Location,
    Instant Stamp
)
{
    /// <summary>One UID per appointment for its whole life: calendars match updates and cancellations on it.</summary>
    public string Uid => $"{AppointmentId}@scheduling";
}

public enum InviteMethod
{
    /// <summary>Booked or moved: the calendar adds the event or updates its copy.</summary>
    Request,

    /// <summary>Cancelled: the calendar removes its copy.</summary>
    Cancel,
}
