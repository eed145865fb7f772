using NodaTime;
using NodaTime.Testing;
using NodaTime.Testing.TimeZones;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using R = Scheduling.Domain.Messaging.MessageReason;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// "May this message still go now", one case per row. Boundary cases:
/// - the deadline: at it (goes), one tick past it (held); an on-call page is stopped by nothing else
/// - the patient: gone, no consent, a contact marked invalid
/// - the survey: gone, answered, expired (by state and at its expiry instant), closed with and without a reason
/// - the session: gone, cancelled, no-show, arrived, a cancel notice for a session booked again, a move
///   notice overtaken by a later move, a reminder whose session moved earlier, a survey after an arrival
/// - the booking confirmation: series gone, cancelled, with no session left
/// - the window, in the patient's zone (UTC-5 in winter, UTC-4 after a synthetic transition) while the
///   clinic's is elsewhere: inside, at both edges, before it opens (waits until it opens), after it closes
///   (waits for the next morning), with the deadline before the next opening (held); urgent ignores it
/// </summary>
public sealed class SendRuleTests
{
    // The patient's zone: UTC-5 until 14 March 2027 07:00 UTC, UTC-4 afterwards (a synthetic spring-forward).
    private static readonly DateTimeZone PatientZone = new SingleTransitionDateTimeZone(
        Instant.FromUtc(2027, 3, 14, 7, 0),
        Offset.FromHours(-5),
        Offset.FromHours(-4),
        "Test/Patient"
    );

    private static readonly SendingWindow Window = new(PatientZone, new LocalTime(8, 0), new LocalTime(20, 0));

    // 10:00 for the patient (15:00 UTC) on Thursday 26 November 2026; the clinic, in UTC+1, is at 16:00.
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 11, 26, 15, 0));
    private static readonly Instant Now = Clock.GetCurrentInstant();
    private static readonly Instant Session = Now + Duration.FromDays(3);

    private static OutgoingMessage Reminder(Instant? notAfter = null, bool urgent = false) =>
        new(
            MessageKind.Reminder,
            Channel.Sms,
            PlanKey.Reminder(Duration.FromHours(24)),
            notAfter ?? Session,
            urgent,
            AboutSession: true
        );

    private static readonly Recipient Reachable = new(Consents: true, ContactValid: true, Window);
    private static readonly SessionFacts Booked = new(AppointmentStatus.Booked, 1, Session);

    private static SendVerdict Decide(SendCase facts, Instant? at = null) => SendRule.Decide(facts, at ?? Now);

    private static readonly SurveyFacts Open = new(SurveyState.Sent, null, Now + Duration.FromHours(72));

    private static SessionFacts With(AppointmentStatus status) => Booked with { Status = status };

    private static SurveyFacts With(SurveyState state, string? reason = null) =>
        Open with
        {
            State = state,
            Reason = reason,
        };

    private static readonly Dictionary<string, (SendCase Facts, R? Reason)> Table = new()
    {
        ["reminder, all well"] = (new(Reminder(), Reachable, Booked), null),
        ["deadline passed"] = (new(Reminder(Now - Duration.Epsilon), Reachable, Booked), R.DeadlinePassed),
        ["deadline now"] = (new(Reminder(Now), Reachable, Booked with { Start = Now }), null),
        ["patient gone"] = (new(Reminder(), null, Booked), R.PatientNotFound),
        ["no consent"] = (new(Reminder(), Reachable with { Consents = false }, Booked), R.NoConsent),
        ["invalid contact"] = (new(Reminder(), Reachable with { ContactValid = false }, Booked), R.InvalidAddress),
        ["session gone"] = (new(Reminder(), Reachable), R.AppointmentNotFound),
        ["cancelled"] = (new(Reminder(), Reachable, With(AppointmentStatus.Cancelled)), R.AppointmentCancelled),
        ["no-show"] = (new(Reminder(), Reachable, With(AppointmentStatus.NoShow)), R.AppointmentNoShow),
        ["arrived"] = (new(Reminder(), Reachable, With(AppointmentStatus.Arrived)), R.AppointmentArrived),
        ["moved earlier"] = (
            new(Reminder(), Reachable, Booked with { Start = Session - Duration.FromHours(1) }),
            R.AppointmentMoved
        ),
        ["cancel notice, booked again"] = (
            new(Notice(MessageKind.CancelNotice, "Cancelled"), Reachable, Booked),
            R.NoLongerCancelled
        ),
        ["cancel notice, cancelled"] = (
            new(Notice(MessageKind.CancelNotice, "Cancelled"), Reachable, With(AppointmentStatus.Cancelled)),
            null
        ),
        ["move notice, moved again"] = (
            new(Notice(MessageKind.MoveNotice, "Moved/2"), Reachable, Booked with { Revision = 3 }),
            R.SupersededByLaterMove
        ),
        ["move notice, latest"] = (
            new(Notice(MessageKind.MoveNotice, "Moved/3"), Reachable, Booked with { Revision = 3 }),
            null
        ),
        ["survey, session held"] = (new(Survey(), Reachable, With(AppointmentStatus.Completed), Survey: Open), null),
        ["survey, no-show"] = (
            new(Survey(), Reachable, With(AppointmentStatus.NoShow), Survey: Open),
            R.AppointmentNoShow
        ),
        ["survey gone"] = (new(Survey(), Reachable, Booked), R.SurveyNotFound),
        ["survey answered"] = (
            new(Survey(), Reachable, Booked, Survey: With(SurveyState.Completed)),
            R.SurveyCompleted
        ),
        ["survey expired"] = (new(Survey(), Reachable, Booked, Survey: With(SurveyState.Expired)), R.SurveyExpired),
        ["survey at expiry"] = (
            new(Survey(), Reachable, Booked, Survey: Open with { ExpiresAt = Now }),
            R.SurveyExpired
        ),
        ["survey closed with a reason"] = (
            new(Survey(), Reachable, Booked, Survey: With(SurveyState.Suppressed, "SeriesCancelled")),
            R.SeriesCancelled
        ),
        ["survey closed"] = (new(Survey(), Reachable, Booked, Survey: With(SurveyState.Suppressed)), R.SurveyClosed),
        ["confirmation"] = (new(Confirmation(), Reachable, Series: new(SeriesState.Active, true)), null),
        ["confirmation, series gone"] = (new(Confirmation(), Reachable), R.SeriesCancelled),
        ["confirmation, series cancelled"] = (
            new(Confirmation(), Reachable, Series: new(SeriesState.Cancelled, true)),
            R.SeriesCancelled
        ),
        ["confirmation, nothing booked"] = (
            new(Confirmation(), Reachable, Series: new(SeriesState.Active, false)),
            R.NoSessionBooked
        ),
        ["on-call page, no patient"] = (new(Page()), null),
        ["on-call page, too late"] = (new(Page() with { NotAfter = Now - Duration.FromSeconds(1) }), R.DeadlinePassed),
    };

    public static TheoryData<string> Cases() => new(Table.Keys);

    private static OutgoingMessage Notice(MessageKind kind, string planKey) =>
        new(kind, Channel.Email, PlanKey.Parse(planKey), Session, AboutSession: true);

    private static OutgoingMessage Survey() =>
        new(
            MessageKind.SurveyInvitation,
            Channel.Sms,
            PlanKey.SurveyInvitation,
            Now + Duration.FromDays(1),
            AboutSession: true,
            AboutSurvey: true
        );

    private static OutgoingMessage Confirmation() =>
        new(MessageKind.BookingConfirmation, Channel.Email, PlanKey.BookingConfirmation, Session);

    private static OutgoingMessage Page() =>
        new(
            MessageKind.SafetyAlert,
            Channel.Sms,
            PlanKey.Page(Guid.Empty),
            Now + Duration.FromHours(1),
            Urgent: true,
            ToOnCall: true
        );

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_GoesOrHoldsWithItsReason(string name)
    {
        var (facts, reason) = Table[name];

        var verdict = Decide(facts);

        Assert.True(
            reason is null ? verdict is SendVerdict.Send : verdict is SendVerdict.Held held && held.Reason == reason,
            $"{name}: {verdict}"
        );
    }

    public static TheoryData<string> FactChanges() => new(SendFactChanges.All.Select(c => c.Name));

    /// <summary>The rule sees each change of the shared table (ClaimTests holds the claim's SQL to the same).</summary>
    [Theory]
    [MemberData(nameof(FactChanges))]
    public void Decide_SeesEachFactAPersonCanChange(string name)
    {
        var change = SendFactChanges.All.Single(c => c.Name == name);
        var before = SendFactChanges.Before(change.About);

        var was = SendRule.Decide(before, SendFactChanges.Now);
        var then = SendRule.Decide(change.Change(before), SendFactChanges.Now);

        Assert.Equal(SendVerdict.Go, was);
        Assert.Equal(change.Then ?? SendVerdict.Go, then);
    }

    /// <summary>A fact added to what the rule reads with no row in the shared table (so no SQL) fails here.</summary>
    [Fact]
    public void FactChanges_NameEveryFactTheRuleReads()
    {
        Type[] facts = [typeof(Recipient), typeof(SessionFacts), typeof(SeriesFacts), typeof(SurveyFacts)];
        var read = facts.SelectMany(t =>
            t.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => $"{t.Name}.{p.Name}")
        );
        var named = SendFactChanges.All.SelectMany(c => c.Feeds).ToHashSet();

        Assert.All(read, f => Assert.Contains(f, named));
        Assert.Equal(
            ["Message", "Patient", "Series", "Session", "Survey"],
            typeof(SendCase).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order()
        );
    }

    // Local times of the patient (UTC-5 in November); the clinic's own zone plays no part.
    [Theory]
    [InlineData(8, 0, true)]
    [InlineData(20, 0, true)]
    [InlineData(14, 30, true)]
    [InlineData(7, 59, false)]
    [InlineData(20, 1, false)]
    public void Decide_GoesOnlyInsideThePatientsWindow_EdgesIncluded(int hour, int minute, bool goes)
    {
        var at = new LocalDateTime(2026, 11, 26, hour, minute).InZoneStrictly(PatientZone).ToInstant();

        var verdict = Decide(new SendCase(Reminder(), Reachable, Booked), at);

        Assert.Equal(goes, verdict is SendVerdict.Send);
    }

    [Fact]
    public void Decide_WaitsUntilTheWindowOpens_WhenItIsTooEarly()
    {
        var early = Instant.FromUtc(2026, 11, 26, 11, 0); // 06:00 for the patient

        var verdict = Decide(new SendCase(Reminder(), Reachable, Booked), early);

        var opens = Instant.FromUtc(2026, 11, 26, 13, 0);
        Assert.Equal(SendVerdict.Wait(opens, MessageReason.OutsideSendingWindow), verdict);
    }

    [Fact]
    public void Decide_WaitsForTheNextMorning_InThePatientsNewOffset_AfterAClockChange()
    {
        var evening = Instant.FromUtc(2027, 3, 14, 2, 0); // 21:00 on 13 March at UTC-5; the next morning is at UTC-4
        var message = Reminder(notAfter: Instant.FromUtc(2027, 3, 16, 0, 0));

        var verdict = Decide(new SendCase(message, Reachable, Booked with { Start = message.NotAfter }), evening);

        var opens = Instant.FromUtc(2027, 3, 14, 12, 0);
        Assert.Equal(SendVerdict.Wait(opens, MessageReason.OutsideSendingWindow), verdict);
    }

    [Fact]
    public void Decide_Holds_WhenTheDeadlineComesBeforeTheWindowOpens()
    {
        var night = Instant.FromUtc(2026, 11, 27, 4, 0); // 23:00 for the patient
        var message = Reminder(notAfter: night + Duration.FromHours(2));

        var verdict = Decide(new SendCase(message, Reachable, Booked with { Start = message.NotAfter }), night);

        Assert.Equal(SendVerdict.Hold(MessageReason.OutsideSendingWindow), verdict);
    }

    [Fact]
    public void Decide_IgnoresTheWindow_ForAnUrgentMessage_AndWithoutAClinic()
    {
        var night = Instant.FromUtc(2026, 11, 27, 4, 0);

        Assert.IsType<SendVerdict.Send>(Decide(new SendCase(Reminder(urgent: true), Reachable, Booked), night));
        var noClinic = new SendCase(Reminder(), Reachable with { Window = null }, Booked);
        Assert.IsType<SendVerdict.Send>(Decide(noClinic, night));
    }

    [Fact]
    public void Decide_PutsTheDeadlineFirst_AndConsentBeforeTheSession()
    {
        var late = new SendCase(Reminder(Now - Duration.FromMinutes(1)), Reachable with { Consents = false }, null);
        var refused = new SendCase(Reminder(), Reachable with { Consents = false }, null);

        Assert.Equal(SendVerdict.Hold(MessageReason.DeadlinePassed), Decide(late));
        Assert.Equal(SendVerdict.Hold(MessageReason.NoConsent), Decide(refused));
    }
}
