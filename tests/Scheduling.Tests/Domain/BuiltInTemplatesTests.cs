using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Domain;

/// <summary>The built-in protocols say what docs/domain.md, "Protocols", says of them.</summary>
public sealed class BuiltInTemplatesTests
{
    private static readonly IReadOnlyList<ProtocolTemplate> Templates = BuiltInTemplates.All(
        Instant.FromUtc(2026, 1, 1, 0, 0)
    );

    private static ProtocolTemplate Template(string code) => Templates.Single(t => t.Code == code);

    [Fact]
    public void All_HasThePublishedCodes_AndTheOpenEndedMaintenanceRhythms()
    {
        Assert.Equal(
            [
                "esketamine-induction",
                "esketamine-maintenance",
                "esketamine-maintenance-fortnightly",
                "esketamine-maintenance-weekly",
                "ketamine-booster",
                "ketamine-iv-induction",
            ],
            Templates.Select(t => t.Code).Order(StringComparer.Ordinal)
        );
        Assert.Equal(
            [BuiltInTemplates.EsketamineMaintenanceFortnightly, BuiltInTemplates.EsketamineMaintenanceWeekly],
            Templates.Where(t => t.OpenEnded).Select(t => t.Code).Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [InlineData(BuiltInTemplates.KetamineIvInduction, 6, 1, 4)]
    [InlineData(BuiltInTemplates.KetamineBooster, 1, 0, 0)]
    [InlineData(BuiltInTemplates.EsketamineInduction, 8, 2, 5)]
    [InlineData(BuiltInTemplates.EsketamineMaintenance, 4, 6, 8)]
    [InlineData(BuiltInTemplates.EsketamineMaintenanceWeekly, 4, 6, 8)]
    [InlineData(BuiltInTemplates.EsketamineMaintenanceFortnightly, 2, 13, 15)]
    public void Template_HasProtocolSessionsAndSpacing(string code, int sessions, int minDays, int maxDays)
    {
        var template = Template(code);

        Assert.Equal(sessions, template.SessionCount);
        Assert.Equal(minDays, template.MinDaysBetween);
        Assert.Equal(maxDays, template.MaxDaysBetween);
    }

    [Fact]
    public void KetamineChairTime_CoversInfusionAndTheLongestRecovery()
    {
        Assert.True(Template(BuiltInTemplates.KetamineIvInduction).SessionDuration >= Duration.FromMinutes(40 + 60));
    }

    [Fact]
    public void EsketamineChairTime_CoversTwoHoursOfObservation_AndTracksTheRemsForm()
    {
        var template = Template(BuiltInTemplates.EsketamineInduction);

        Assert.True(template.SessionDuration > Duration.FromHours(2));
        Assert.Equal(7, template.RemsFormDueDays);
        Assert.Null(Template(BuiltInTemplates.KetamineIvInduction).RemsFormDueDays);
    }

    [Fact]
    public void EveryTemplate_HasAPostSessionCheckAfterEachSession()
    {
        Assert.All(Templates, t =>
            Assert.Contains(t.FollowUps, f => f.Kind == FollowUpKind.PostSessionCheck && f.Sessions == "each")
        );
    }
}
