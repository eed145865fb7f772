using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Booking;

/// <summary>
/// The target spacing with the examples docs/booking-time-rules.md gives ("Target spacing"), written out, for the
/// built-in protocols and the edges of the rule; the planner's formula and the property tests' oracle must both agree.
/// </summary>
public sealed class SpacingTargetTests
{
    [Theory]
    [InlineData(BuiltInTemplates.KetamineIvInduction, 2)]
    [InlineData(BuiltInTemplates.EsketamineInduction, 3)]
    [InlineData(BuiltInTemplates.EsketamineMaintenance, 7)]
    [InlineData(BuiltInTemplates.KetamineBooster, 0)]
    public void BuiltInProtocol_AsksForTheNextSession_TheDocumentedNumberOfDaysLater(string code, int days)
    {
        var template = BuiltInTemplates.All(Instant.FromUtc(2026, 11, 26, 12, 0)).Single(t => t.Code == code);

        Assert.Equal(days, Spacing.TargetDays(template));
        Assert.Equal(days, PlanOracle.Target(template.MinDaysBetween, template.MaxDaysBetween));
    }

    [Theory]
    [InlineData(0, 0, 0)] // no other day allowed: the same day
    [InlineData(0, 1, 1)] // the same day allowed, but a later one preferred
    [InlineData(0, 3, 1)] // middle 1.5: the earlier of 1 and 2
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 3)]
    [InlineData(1, 2, 1)] // middle 1.5: the earlier
    [InlineData(7, 14, 10)] // middle 10.5: the earlier
    [InlineData(5, 9, 7)]
    public void Target_IsTheAllowedDayNearestTheMiddle_TheEarlierOnATie_AndLaterThanTheSameDayWhenItCanBe(
        int min,
        int max,
        int days
    )
    {
        var template = BuiltInTemplates
            .All(Instant.FromUtc(2026, 11, 26, 12, 0))
            .Single(t => t.Code == BuiltInTemplates.KetamineIvInduction);
        template.MinDaysBetween = min;
        template.MaxDaysBetween = max;

        Assert.Equal(days, Spacing.TargetDays(template));
        Assert.Equal(days, PlanOracle.Target(min, max));
    }
}
