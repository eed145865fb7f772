using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace Scheduling.Core.Messaging.Calendar;

/// <summary>
/// Turns an invite into iCalendar text (RFC 5545, iTIP methods of RFC 5546). Pure: the same input gives the same text.
/// </summary>
public static class CalendarInviteBuilder
{
    public const string ProductId = "-//Scheduling//Appointments//EN";

    public static string Build(CalendarInvite invite, string organizerAddress, string attendeeAddress)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var cancelled = invite.Method == InviteMethod.Cancel;
        var calendar = new IcalCalendar { ProductId = ProductId, Method = MethodName(invite.Method) };

        // Clients that do not know the zone (older Outlook) need its rules in the file; from the start's
        // year on is enough for one appointment and keeps the file small.
        calendar.AddTimeZone(
            VTimeZone.FromDateTimeZone(
                invite.TimeZoneId,
                invite.Start.ToDateTimeUnspecified(),
                includeHistoricalData: false
            )
        );

        var appointment = new CalendarEvent
        {
            Uid = invite.Uid,
            Sequence = invite.Revision,
            DtStamp = new CalDateTime(invite.Stamp.ToDateTimeUtc(), "UTC"),
            DtStart = Local(invite.Start, invite.TimeZoneId),
            DtEnd = Local(invite.End, invite.TimeZoneId),

            // Lock screens and shared calendars show the summary: the clinic's name only, never a drug or a diagnosis.
            Summary = $"Appointment at {invite.ClinicName}",
            Location = invite.Location,
            Status = cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
            Organizer = new Organizer($"mailto:{organizerAddress}") { CommonName = invite.ClinicName },
        };
        appointment.Attendees.Add(
            new Attendee($"mailto:{attendeeAddress}")
            {
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = cancelled ? "DECLINED" : "NEEDS-ACTION",
                Rsvp = false,
            }
        );
        calendar.Events.Add(appointment);
        return new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net produced no text.");
    }

    public static string MethodName(InviteMethod method) => method == InviteMethod.Cancel ? "CANCEL" : "REQUEST";

    private static CalDateTime Local(LocalDateTime time, string timeZoneId) =>
        new(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, timeZoneId);
}
