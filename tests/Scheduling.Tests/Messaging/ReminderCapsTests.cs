using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

public sealed class ReminderCapsTests
{
    // Boundary cases: under the caps; the day full; exactly 24 hours apart (outside the day) and a second
    // less (inside); the same for 7 days; a held reminder does not count; one already sent counts and is
    // never held; two due at the same instant (the sooner session goes first, whatever the input order).
    private static readonly Instant T = Instant.FromUtc(2026, 12, 7, 14, 0);

    private static CappedReminder Open(Instant due, Instant? session = null, string key = "Reminder/120m") =>
        new(Guid.NewGuid(), due, session ?? due + Duration.FromHours(2), PlanKey.Parse(key), CapStanding.Open);

    private static Instant Hours(double hours) => T + Duration.FromSeconds(hours * 3600);

    [Fact]
    public void Held_IsEmpty_WhenEveryWindowHasRoom()
    {
        var reminders = new[] { Open(Hours(0)), Open(Hours(22)), Open(Hours(24)), Open(Hours(46)) };

        Assert.Empty(new ReminderCaps(2, 4).Held(reminders));
    }

    [Fact]
    public void Held_HoldsTheLaterReminder_WhenTheDayIsFull()
    {
        var (first, second, third) = (Open(Hours(0)), Open(Hours(1)), Open(Hours(2)));

        Assert.Equal([third.Id], new ReminderCaps(2, 10).Held([third, first, second]));
    }

    [Fact]
    public void Held_LeavesAReminderDueExactly24HoursLater_ButNotOneASecondSooner()
    {
        var first = Open(Hours(0));
        var dayLater = Open(Hours(24));
        var secondSooner = Open(Hours(24) - Duration.FromSeconds(1));
        var caps = new ReminderCaps(1, 10);

        Assert.Empty(caps.Held([first, dayLater]));
        Assert.Equal([secondSooner.Id], caps.Held([first, secondSooner]));
    }

    [Fact]
    public void Held_LeavesAReminderDueExactly7DaysLater_ButNotOneASecondSooner()
    {
        var week = new[] { Open(Hours(0)), Open(Hours(48)), Open(Hours(96)) };
        var weekLater = Open(Hours(168));
        var secondSooner = Open(Hours(168) - Duration.FromSeconds(1));
        var caps = new ReminderCaps(10, 3);

        Assert.Empty(caps.Held([.. week, weekLater]));
        Assert.Equal([secondSooner.Id], caps.Held([.. week, secondSooner]));
    }

    [Fact]
    public void Held_DoesNotCountWhatItHolds()
    {
        // The 12-hour one is held; the 25-hour one is within a day of it but not of the first.
        var (first, held, next) = (Open(Hours(0)), Open(Hours(12)), Open(Hours(25)));

        Assert.Equal([held.Id], new ReminderCaps(1, 10).Held([first, held, next]));
    }

    [Fact]
    public void Held_CountsWhatWasSent_AndWhatAnEarlierRoundHeldStaysUncounted()
    {
        var sent = Open(Hours(0)) with { Standing = CapStanding.Gone };
        var sentToo = Open(Hours(1)) with { Standing = CapStanding.Gone };
        var heldBefore = Open(Hours(2)) with { Standing = CapStanding.Held };
        var open = Open(Hours(3));

        Assert.Equal([open.Id], new ReminderCaps(1, 10).Held([sent, sentToo, heldBefore, open]));
        Assert.Empty(new ReminderCaps(3, 10).Held([sent, sentToo, heldBefore, open]));
    }

    [Fact]
    public void Held_GivesTheSoonerSessionThePlace_WhenTwoAreDueAtOnce()
    {
        var forLater = Open(Hours(0), session: Hours(26), key: "Reminder/1440m");
        var forSooner = Open(Hours(0), session: Hours(2), key: "Reminder/120m");
        var caps = new ReminderCaps(1, 10);

        Assert.Equal([forLater.Id], caps.Held([forLater, forSooner]));
        Assert.Equal([forLater.Id], caps.Held([forSooner, forLater]));
    }

    [Fact]
    public void Holds_AnswersAsHeldDoesOverTheSameReminders()
    {
        var reminders = Enumerable.Range(0, 12).Select(i => Open(Hours(i * 7))).ToList();
        var caps = new ReminderCaps(3, 8);
        var held = caps.Held(reminders);

        Assert.NotEmpty(held);
        Assert.All(reminders, r => Assert.Equal(held.Contains(r.Id), caps.Holds(r, reminders)));
    }

    [Fact]
    public void Holds_TakesTheCandidateAsOpen_EvenWhenItsRowSaysItIsBeingSent()
    {
        var sent = Open(Hours(0)) with { Standing = CapStanding.Gone };
        var candidate = Open(Hours(1)) with { Standing = CapStanding.Gone };

        Assert.True(new ReminderCaps(1, 10).Holds(candidate, [sent, candidate]));
    }

    [Theory]
    [InlineData(MessageState.Planned, null, CapStanding.Open)]
    [InlineData(MessageState.Sending, null, CapStanding.Open)]
    [InlineData(MessageState.Sent, null, CapStanding.Gone)]
    [InlineData(MessageState.Delivered, null, CapStanding.Gone)]
    [InlineData(MessageState.Unknown, null, CapStanding.Gone)]
    [InlineData(MessageState.Suppressed, ReminderCaps.Reason, CapStanding.Held)]
    [InlineData(MessageState.Suppressed, "AppointmentCancelled", null)]
    [InlineData(MessageState.Failed, "OptedOut", null)]
    public void StandingOf_ReadsAStoredRow(MessageState state, string? reason, CapStanding? expected) =>
        Assert.Equal(expected, ReminderCaps.StandingOf(state, reason));

    [Fact]
    public void Applies_ToReminderSmsOnly() =>
        Assert.Equal(
            [(MessageKind.Reminder, Channel.Sms)],
            Enum.GetValues<MessageKind>()
                .SelectMany(k => Enum.GetValues<Channel>().Select(c => (k, c)))
                .Where(x => ReminderCaps.Applies(x.k, x.c))
        );
}
