using Ical.Net.CalendarComponents;
using NodaTime;
using Scheduling.Core.Messaging.Calendar;
using IcalCalendar = Ical.Net.Calendar;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// Boundaries: revision 1 and a later revision of one appointment (same UID, rising SEQUENCE), REQUEST
/// against CANCEL, a session in summer time and one in winter time of the same zone, the same input twice.
/// </summary>
public sealed class CalendarInviteBuilderTests
{
    private const string NewYork = "America/New_York";
    private static readonly Guid AppointmentId = Guid.Parse("0190f3a2-1111-7000-8000-000000000001");

    [Fact]
    public void Build_KeepsOneUidAndRaisesSequence_WhenTheAppointmentIsMoved()
    {
        var booked = Parse(Invite(revision: 1, start: new LocalDateTime(2026, 12, 1, 9, 0)));
        var moved = Parse(Invite(revision: 2, start: new LocalDateTime(2026, 12, 3, 10, 30)));

        Assert.Equal($"{AppointmentId}@scheduling", booked.Uid);
        Assert.Equal(booked.Uid, moved.Uid);
        Assert.Equal(1, booked.Sequence);
        Assert.Equal(2, moved.Sequence);
    }

    [Fact]
    public void Build_SaysRequestAndConfirmed_WhenBookedOrMoved()
    {
        var calendar = IcalCalendar.Load(Build(Invite(method: InviteMethod.Request)))!;

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("CONFIRMED", Assert.Single(calendar.Events).Status);
    }

    [Fact]
    public void Build_SaysCancelAndCancelled_WhenCancelled()
    {
        var calendar = IcalCalendar.Load(Build(Invite(method: InviteMethod.Cancel, revision: 3)))!;

        Assert.Equal("CANCEL", calendar.Method);
        var appointment = Assert.Single(calendar.Events);
        Assert.Equal("CANCELLED", appointment.Status);
        Assert.Equal(3, appointment.Sequence);
    }

    [Theory]
    [InlineData(2026, 12, 1, 9, 0, 14)]
    [InlineData(2026, 7, 1, 9, 0, 13)]
    public void Build_KeepsTheClinicsWallClock_InSummerAndWinter(
        int year,
        int month,
        int day,
        int hour,
        int minute,
        int utcHour
    )
    {
        var start = new LocalDateTime(year, month, day, hour, minute);
        var appointment = Parse(Invite(start: start));

        Assert.Equal(NewYork, appointment.DtStart!.TzId);
        Assert.Equal(hour, appointment.DtStart.Hour);
        Assert.Equal(minute, appointment.DtStart.Minute);
        Assert.Equal(utcHour, appointment.DtStart.AsUtc.Hour);
        Assert.Equal(hour + 2, appointment.DtEnd!.Hour);
    }

    [Fact]
    public void Build_IncludesTheZonesRules()
    {
        var calendar = IcalCalendar.Load(Build(Invite()))!;

        Assert.Equal(NewYork, Assert.Single(calendar.TimeZones).TzId);
    }

    [Fact]
    public void Build_NamesOnlyTheClinic_InTheSummary()
    {
        var appointment = Parse(Invite());

        Assert.Equal("Appointment at Harbor Clinic", appointment.Summary);
        Assert.Equal("1 Harbor Way, Boston", appointment.Location);
        Assert.Equal("mailto:clinic@example.test", appointment.Organizer!.Value!.ToString());
        Assert.Equal("mailto:patient@example.test", Assert.Single(appointment.Attendees).Value!.ToString());
    }

    [Fact]
    public void Build_GivesTheSameText_ForTheSameInvite()
    {
        Assert.Equal(Build(Invite()), Build(Invite()));
        Assert.Contains("DTSTAMP:20261120T120000Z", Build(Invite()), StringComparison.Ordinal);
    }

    private static CalendarInvite Invite(
        int revision = 1,
        InviteMethod method = InviteMethod.Request,
        LocalDateTime? start = null
    )
    {
        var from = start ?? new LocalDateTime(2026, 12, 1, 9, 0);
        return new CalendarInvite(
            AppointmentId,
            revision,
            method,
            from,
            from.PlusHours(2),
            NewYork,
            "Harbor Clinic",
            "1 Harbor Way, Boston",
            Instant.FromUtc(2026, 11, 20, 12, 0)
        );
    }

    private static string Build(CalendarInvite invite) =>
        CalendarInviteBuilder.Build(invite, "clinic@example.test", "patient@example.test");

    private static CalendarEvent Parse(CalendarInvite invite) =>
        Assert.Single(IcalCalendar.Load(Build(invite))!.Events);
}
