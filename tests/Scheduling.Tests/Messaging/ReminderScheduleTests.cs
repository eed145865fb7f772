using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

public sealed class ReminderScheduleTests
{
    // Boundary cases: due inside the window; before it (moves to the previous evening); after it (moves
    // to the same evening); exactly at either edge; already past at booking (not back-filled); the
    // day-before check; both 2026 US DST changes.
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly SendingWindow Window = new(NewYork, new LocalTime(8, 0), new LocalTime(20, 0));
    private static readonly Instant LongAgo = Instant.FromUtc(2026, 1, 1, 0, 0);

    private static Instant Local(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private static ProtocolTemplate Template(
        bool dayBeforeCheck = false,
        params (Channel Channel, int Hours)[] reminders
    )
    {
        var template = new ProtocolTemplate
        {
            Code = "t",
            Name = "t",
            SessionCount = 1,
            DayBeforeCheck = dayBeforeCheck,
        };
        template.Reminders.AddRange(reminders.Select(r => new ReminderRule(r.Channel, Duration.FromHours(r.Hours))));
        return template;
    }

    [Fact]
    public void Reminder_KeepsItsTime_WhenInsideTheWindow()
    {
        var start = Local(2026, 12, 8, 10);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Sms, 24)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 12, 7, 10), message.DueAt);
        Assert.Equal(start, message.NotAfter);
        Assert.Equal(PlanKey.Parse("Reminder/1440m"), message.PlanKey);
    }

    [Fact]
    public void Reminder_MovesToThePreviousEvening_WhenDueBeforeTheWindowOpens()
    {
        var start = Local(2026, 12, 8, 8, 30);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Sms, 2)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 12, 7, 20), message.DueAt);
    }

    [Fact]
    public void Reminder_MovesEarlierToTheWindowsEnd_WhenDueAfterItCloses()
    {
        var start = Local(2026, 12, 9, 22);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Email, 24)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 12, 8, 20), message.DueAt);
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(20, 0)]
    public void Reminder_StaysPut_AtEitherEdgeOfTheWindow(int hour, int minute)
    {
        var start = Local(2026, 12, 9, hour, minute);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Sms, 24)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 12, 8, hour, minute), message.DueAt);
    }

    [Fact]
    public void Reminder_IsNotBackFilled_WhenItsTimeHasPassedAtBooking()
    {
        var start = Local(2026, 12, 8, 10);
        var now = Local(2026, 12, 7, 12);

        var messages = ReminderSchedule.ForSession(
            Template(false, (Channel.Email, 72), (Channel.Sms, 24), (Channel.Sms, 2)),
            start,
            Window,
            now
        );

        Assert.Equal(["Reminder/120m"], messages.Select(m => m.PlanKey.Value));
    }

    [Fact]
    public void DayBeforeCheck_GoesAt17LocalTheDayBefore_BySms()
    {
        var start = Local(2026, 12, 8, 9);

        var check = Assert.Single(ReminderSchedule.ForSession(Template(dayBeforeCheck: true), start, Window, LongAgo));

        Assert.Equal(MessageKind.DayBeforeCheck, check.Kind);
        Assert.Equal(Channel.Sms, check.Channel);
        Assert.Equal(Local(2026, 12, 7, 17), check.DueAt);
        Assert.Equal(start - Duration.FromHours(6), check.NotAfter);
    }

    [Fact]
    public void Reminder_KeepsTheSameElapsedTime_AcrossSpringForward()
    {
        var start = Local(2026, 3, 8, 10);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Sms, 24)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 3, 7, 9), message.DueAt);
    }

    [Fact]
    public void Reminder_KeepsTheSameElapsedTime_AcrossFallBack()
    {
        var start = Local(2026, 11, 1, 10);

        var message = Assert.Single(
            ReminderSchedule.ForSession(Template(false, (Channel.Sms, 24)), start, Window, LongAgo)
        );

        Assert.Equal(Local(2026, 10, 31, 11), message.DueAt);
    }

    [Fact]
    public void Reminder_NeverFallsAfterTheSessionStarts()
    {
        var start = Local(2026, 12, 8, 7);
        var now = Local(2026, 12, 7, 21);

        var messages = ReminderSchedule.ForSession(Template(false, (Channel.Sms, 2)), start, Window, now);

        Assert.Empty(messages);
    }
}
