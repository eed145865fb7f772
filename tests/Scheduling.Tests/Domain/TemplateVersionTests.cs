using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Domain;

/// <summary>
/// What counts as a changed definition of a built-in (docs/domain.md, "Protocols"): any rule a series plans,
/// moves or surveys by, and the name; never the id, the dates, or the order in which rules were stored.
/// </summary>
public sealed class TemplateVersionTests
{
    private static ProtocolTemplate Induction(Instant at) =>
        BuiltInTemplates.All(at).Single(t => t.Code == BuiltInTemplates.KetamineIvInduction);

    private static readonly Instant Then = Instant.FromUtc(2026, 1, 1, 0, 0);
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 0, 0);

    [Fact]
    public void TheSameDefinition_ReadAnotherDayAndInAnotherOrder_IsUnchanged()
    {
        var stored = Induction(Then);
        stored.Reminders.Reverse();
        stored.FollowUps.Reverse();

        Assert.True(stored.SameDefinitionAs(Induction(Now)));
    }

    public static TheoryData<string> Changes => ["name", "sessions", "spacing", "reminder", "follow-up", "pcl5"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void AnyChangedRule_IsANewDefinition(string change)
    {
        var stored = Induction(Then);
        switch (change)
        {
            case "name":
                stored.Name += " (old)";
                break;
            case "sessions":
                stored.SessionCount--;
                break;
            case "spacing":
                stored.MaxDaysBetween++;
                break;
            case "reminder":
                stored.Reminders.RemoveAt(0);
                stored.Reminders.Add(new ReminderRule(Channel.Sms, Duration.FromHours(48)));
                break;
            case "follow-up":
                stored.FollowUps.RemoveAt(stored.FollowUps.Count - 1);
                break;
            default:
                stored.OffersPcl5 = !stored.OffersPcl5;
                break;
        }

        Assert.False(stored.SameDefinitionAs(Induction(Now)));
    }

    [Fact]
    public void NextVersion_KeepsTheCode_TakesTheNewDefinition_AndCountsOnFromTheStoredOne()
    {
        var stored = new ProtocolTemplate
        {
            Code = BuiltInTemplates.KetamineIvInduction,
            Name = "Old",
            BuiltIn = true,
            Version = 3,
            SessionCount = 4,
        };
        var current = Induction(Now);

        var next = current.NextVersionOf(stored);

        Assert.NotEqual(stored.Id, next.Id);
        Assert.Equal((stored.Code, 4, true, Now), (next.Code, next.Version, next.BuiltIn, next.CreatedAt));
        Assert.True(next.SameDefinitionAs(current));
        Assert.Throws<ArgumentException>(() =>
            current.NextVersionOf(new ProtocolTemplate { Code = BuiltInTemplates.KetamineBooster, Name = "x" })
        );
    }
}
