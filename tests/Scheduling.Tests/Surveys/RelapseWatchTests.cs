using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

/// <summary>
/// The monthly PHQ-9 after an induction, PCL-5 at the PHQ-9's occasions when a clinic turns it on, the
/// REMS form's day-5 mark, and the no-show's rebooking SMS as the send rule judges it.
/// </summary>
public sealed class RelapseWatchTests
{
    private static readonly ProtocolTemplate Induction = BuiltInTemplates
        .All(Instant.FromUtc(2026, 1, 1, 0, 0))
        .Single(t => t.Code == BuiltInTemplates.KetamineIvInduction);

    [Theory]
    [InlineData(30, SurveyOccasion.FollowUpOneMonth)]
    [InlineData(60, SurveyOccasion.FollowUpTwoMonths)]
    [InlineData(90, SurveyOccasion.FollowUpThreeMonths)]
    [InlineData(120, SurveyOccasion.FollowUpFourMonths)]
    [InlineData(150, SurveyOccasion.FollowUpFiveMonths)]
    [InlineData(180, SurveyOccasion.FollowUpSixMonths)]
    public void OccasionOf_AfterTheLastSession_CountsWholeMonths(int days, SurveyOccasion expected)
    {
        var rule = new FollowUpRule(FollowUpKind.Phq9, Duration.FromDays(days), "last");

        Assert.Equal(expected, FollowUpSchedule.OccasionOf(rule, isFirst: false, isLast: true));
    }

    [Fact]
    public void Rules_AddSixMonthlyPhq9s_AndPcl5OnlyAtThePhq9sOfTheTemplate()
    {
        var rules = SeriesFollowUps.Rules(Induction, Induction.RelapseWatchMonths, withPcl5: true);

        var monthly = rules.Where(r =>
            r.Kind == FollowUpKind.Phq9 && r.Sessions == "last" && r.After >= Duration.FromDays(30)
        );
        Assert.Equal(7, monthly.Count());
        var pcl5 = rules.Where(r => r.Kind == FollowUpKind.Pcl5).ToList();
        Assert.Equal(Induction.FollowUps.Count(r => r.Kind == FollowUpKind.Phq9), pcl5.Count);
        Assert.DoesNotContain(pcl5, r => r.After > Duration.FromDays(30));
        Assert.Empty(SeriesFollowUps.Rules(Induction, 0, withPcl5: false).Except(Induction.FollowUps));
    }

    [Fact]
    public void AThreeMonthPhq9_RisingFromTheBest_FiresTheBoosterSignal()
    {
        var start = Instant.FromUtc(2027, 1, 1, 0, 0);
        var points = new[]
        {
            new TrendPoint(start, SurveyOccasion.Baseline, 18),
            new TrendPoint(start + Duration.FromDays(14), SurveyOccasion.EndOfSeries, 3),
            new TrendPoint(start + Duration.FromDays(44), SurveyOccasion.FollowUpOneMonth, 4),
            new TrendPoint(start + Duration.FromDays(104), SurveyOccasion.FollowUpThreeMonths, 9),
        };

        var signal = ScoreTrend.For(Instrument.Phq9, points).Booster;

        Assert.NotNull(signal);
        Assert.Equal(3, signal.BestPostSeries);
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    [InlineData(14, true)]
    [InlineData(15, true)]
    public void RemsDeadline_MarksTheFormOverdue_FromDayFiveOfSeven(int day, bool overdue)
    {
        var due = new LocalDate(2026, 12, 7).PlusDays(7);

        Assert.Equal(overdue, RemsDeadline.IsOverdue(due, new LocalDate(2026, 12, day)));
        Assert.Equal(day > 14, RemsDeadline.IsPastDue(due, new LocalDate(2026, 12, day)));
    }

    [Theory]
    [InlineData(AppointmentStatus.NoShow, true)]
    [InlineData(AppointmentStatus.Booked, false)]
    [InlineData(AppointmentStatus.Cancelled, false)]
    public void TheRebookOffer_GoesOnlyWhileTheSessionIsANoShow(AppointmentStatus status, bool goes)
    {
        var now = Instant.FromUtc(2026, 12, 7, 16, 0);
        var window = new SendingWindow(
            DateTimeZoneProviders.Tzdb["America/New_York"],
            new LocalTime(8, 0),
            new LocalTime(20, 0)
        );
        var facts = new SendCase(
            new OutgoingMessage(
                MessageKind.NoShowFollowUp,
                Channel.Sms,
                PlanKey.NoShow,
                now + Duration.FromHours(48),
                AboutSession: true
            ),
            new Recipient(Consents: true, ContactValid: true, window),
            new SessionFacts(status, 0, now - Duration.FromHours(7))
        );

        var verdict = SendRule.Decide(facts, now);

        Assert.Equal(goes, verdict == SendVerdict.Go);
    }
}
