using NodaTime;
using Scheduling.Domain.Messaging;

namespace Scheduling.Tests.Messaging;

/// <summary>Plan keys as stored: each factory's text, read back by the parser as the same key; nothing else.</summary>
public sealed class PlanKeyTests
{
    private static readonly Guid Contact = Guid.Parse("0192f0c4-7a3e-7c4e-9d5b-1f2a3b4c5d6e");
    private static readonly Guid Next = Guid.Parse("0192f0c4-7a3e-7c4e-9d5b-000000000002");

    public static TheoryData<string, string> Built() =>
        new()
        {
            { "booking confirmation", PlanKey.BookingConfirmation.Value },
            { "reminder 2 h", PlanKey.Reminder(Duration.FromHours(2)).Value },
            { "reminder 3 days", PlanKey.Reminder(Duration.FromDays(3)).Value },
            { "day-before check", PlanKey.DayBeforeCheck.Value },
            { "move notice", PlanKey.Moved(3).Value },
            { "cancel notice", PlanKey.Cancelled.Value },
            { "survey invitation", PlanKey.SurveyInvitation.Value },
            { "survey reminder", PlanKey.SurveyReminder.Value },
            { "fallback", PlanKey.Reminder(Duration.FromHours(24)).Fallback().Value },
            { "survey fallback", PlanKey.SurveyInvitation.Fallback().Value },
            { "page", PlanKey.Page(Contact).Value },
            { "repage", PlanKey.Repage(Contact, 2).Value },
            { "failover", PlanKey.Page(Contact).FailoverTo(Next).Value },
            { "repage failover", PlanKey.Repage(Contact, 2).FailoverTo(Next).Value },
        };

    [Theory]
    [MemberData(nameof(Built))]
    public void Parse_ReadsBackWhatEachFactoryBuilt(string what, string text)
    {
        var key = PlanKey.Parse(text);

        Assert.Equal(text, key.Value);
        Assert.Equal(text, key.ToString());
        Assert.True(PlanKey.TryParse(text, out var again), what);
        Assert.Equal(key, again);
    }

    [Theory]
    [InlineData("Reminder/120m", "Reminder", 120)]
    [InlineData("Reminder/1440m", "Reminder", 1440)]
    [InlineData("DayBeforeCheck", "DayBeforeCheck", 0)]
    [InlineData("Moved/3", "Moved", 3)]
    [InlineData("Cancelled", "Cancelled", 0)]
    [InlineData("SurveyInvitation", "SurveyInvitation", 0)]
    [InlineData("SurveyReminder/fallback", "SurveyReminder", 0)]
    public void Factories_SpellTheKeysAlreadyStored(string stored, string factory, int number)
    {
        var built = factory switch
        {
            "Reminder" => PlanKey.Reminder(Duration.FromMinutes(number)),
            "Moved" => PlanKey.Moved(number),
            "DayBeforeCheck" => PlanKey.DayBeforeCheck,
            "Cancelled" => PlanKey.Cancelled,
            "SurveyInvitation" => PlanKey.SurveyInvitation,
            _ => PlanKey.SurveyReminder.Fallback(),
        };

        Assert.Equal(stored, built.Value);
    }

    [Fact]
    public void PageKeys_TellTheirContactAndRound_AndAFailoverKeepsTheRound()
    {
        var first = PlanKey.Page(Contact);
        var repage = PlanKey.Repage(Contact, 4);
        var failover = repage.FailoverTo(Next);

        Assert.Equal($"SafetyAlert/{Contact}", first.Value);
        Assert.Equal($"SafetyAlert/{Contact}/repage/4", repage.Value);
        Assert.Equal($"SafetyAlert/{Next}/repage/4/failover", failover.Value);
        Assert.Equal((Contact, 0, false), (first.Contact!.Value, first.Round!.Value, first.IsFailover));
        Assert.Equal((Next, 4, true), (failover.Contact!.Value, failover.Round!.Value, failover.IsFailover));
        Assert.Null(PlanKey.Reminder(Duration.FromHours(2)).Round);
    }

    [Fact]
    public void Fallback_IsMarkedOnce_AndMoveNoticesTellTheirRevision()
    {
        var fallback = PlanKey.Reminder(Duration.FromHours(24)).Fallback();

        Assert.Equal("Reminder/1440m/fallback", fallback.Fallback().Value);
        Assert.True(fallback.IsFallback);
        Assert.False(PlanKey.Reminder(Duration.FromHours(24)).IsFallback);
        Assert.Equal(7, PlanKey.Moved(7).MovedRevision);
        Assert.Null(PlanKey.Cancelled.MovedRevision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("reminder:PT24H")]
    [InlineData("Reminder/120")]
    [InlineData("Reminder/m")]
    [InlineData("Reminder/-5m")]
    [InlineData("Moved/three")]
    [InlineData("SafetyAlert/not-a-guid")]
    [InlineData("SafetyAlert/0192f0c4-7a3e-7c4e-9d5b-1f2a3b4c5d6e/fallback")]
    [InlineData("Reminder/120m/failover")]
    [InlineData("SafetyAlert/0192f0c4-7a3e-7c4e-9d5b-1f2a3b4c5d6e/repage/")]
    [InlineData("Cancelled/extra")]
    public void Parse_RefusesTextNoFactoryMakes(string text)
    {
        Assert.False(PlanKey.TryParse(text, out _));
        Assert.Throws<FormatException>(() => PlanKey.Parse(text));
    }
}
