using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Testing.TimeZones;
using NodaTime.TimeZones;
using Scheduling.Core.Messaging;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// A reminder SMS at a random instant of a week on a fake clock, for a patient whose synthetic zone changes its
/// offset by an hour (forward or back) at 02:00 local on some day of that week, as real zones do, of a clinic in a
/// synthetic zone of its own, with a random window that opens between 05:00 and 11:00.
/// </summary>
public sealed record SendScenario(
    Instant Now,
    Instant Transition,
    int PatientOffset,
    int Change,
    int ClinicOffset,
    int Opens,
    int Closes,
    int SessionInHours
)
{
    public DateTimeZone PatientZone =>
        new SingleTransitionDateTimeZone(
            Transition,
            Offset.FromHours(PatientOffset),
            Offset.FromHours(PatientOffset + Change),
            "Test/Patient"
        );

    public DateTimeZone ClinicZone =>
        new SingleTransitionDateTimeZone(
            Transition,
            Offset.FromHours(ClinicOffset),
            Offset.FromHours(ClinicOffset + 1),
            "Test/Clinic"
        );

    public SendingWindow Window => new(PatientZone, new LocalTime(Opens, 0), new LocalTime(Closes, 0));

    public Instant Session => Now + Duration.FromHours(SessionInHours);

    public SendCase Facts(SendingWindow window) =>
        new(
            new(
                MessageKind.Reminder,
                Channel.Sms,
                PlanKey.Reminder(Duration.FromHours(24)),
                Session,
                AboutSession: true
            ),
            new(Consents: true, ContactValid: true, window),
            new(AppointmentStatus.Booked, 1, Session)
        );

    public SendCase Facts() => Facts(Window);

    public override string ToString() =>
        $"now {Now}, patient UTC{PatientOffset:+0;-0} then {Change:+0;-0} at {Transition}, "
        + $"clinic UTC{ClinicOffset:+0;-0}, "
        + $"window {Opens}:00-{Closes}:00, session in {SessionInHours} h";
}

public static class SendScenarios
{
    private static readonly Instant Week = Instant.FromUtc(2026, 11, 23, 0, 0);

    public static Arbitrary<SendScenario> Scenarios() =>
        Arb.From(
            from minute in Gen.Choose(0, 7 * 24 * 60)
            from day in Gen.Choose(0, 6)
            from patientOffset in Gen.Choose(-11, 12)
            from change in Gen.Elements(1, -1)
            from clinicOffset in Gen.Choose(-11, 12)
            from opens in Gen.Choose(5, 11)
            from closes in Gen.Choose(17, 22)
            from session in Gen.Choose(1, 96)
            select new SendScenario(
                Week + Duration.FromMinutes(minute),
                Week + Duration.FromHours((day * 24) + 2 - patientOffset),
                patientOffset,
                change,
                clinicOffset,
                opens,
                closes,
                session
            )
        );
}

/// <summary>The send rule's promises to patients, over any instant, zone, clock change and window.</summary>
[Properties(MaxTest = 400, Arbitrary = [typeof(SendScenarios)])]
public sealed class SendRuleProperties
{
    private static bool InWindow(SendScenario s, Instant at)
    {
        var time = at.InZone(s.PatientZone).TimeOfDay;
        return time >= new LocalTime(s.Opens, 0) && time <= new LocalTime(s.Closes, 0);
    }

    [Property]
    public void NeverSends_OutsideThePatientsWindow_InTheirOwnZone(SendScenario s)
    {
        var clock = new FakeClock(s.Now);

        var verdict = SendRule.Decide(s.Facts(), clock.GetCurrentInstant());

        Assert.Equal(InWindow(s, s.Now), verdict is SendVerdict.Send);
    }

    [Property]
    public void NeverSends_AfterStop_NoConsent_ACancelOrAMove(SendScenario s)
    {
        var facts = s.Facts();
        var stopped = facts with { Patient = facts.Patient! with { Consents = false } };
        var cancelled = facts with { Session = facts.Session! with { Status = AppointmentStatus.Cancelled } };
        var moved = facts with { Session = facts.Session! with { Start = s.Session - Duration.FromMinutes(15) } };
        var movedLater = facts with { Message = facts.Message with { NotAfter = s.Session + Duration.FromDays(1) } };

        Assert.All([stopped, cancelled, moved, movedLater], f =>
            Assert.IsNotType<SendVerdict.Send>(SendRule.Decide(f, s.Now))
        );
    }

    [Property]
    public void Waiting_EndsAtTheNextOpeningOfThePatientsWindow_AndThenItSends(SendScenario s)
    {
        if (SendRule.Decide(s.Facts(), s.Now) is not SendVerdict.Waiting waiting)
        {
            return;
        }

        var clock = new FakeClock(s.Now);
        for (var at = s.Now; at < waiting.Until; at += Duration.FromMinutes(5))
        {
            Assert.False(InWindow(s, at), $"open at {at}, before {waiting.Until}");
        }

        clock.Reset(waiting.Until);
        Assert.True(InWindow(s, waiting.Until));
        Assert.Equal(MessageReason.OutsideSendingWindow, waiting.Reason);
        Assert.Equal(SendVerdict.Go, SendRule.Decide(s.Facts(), clock.GetCurrentInstant()));
    }

    [Property]
    public void Decides_TheSame_WhateverTheClinicsZone(SendScenario s)
    {
        var zones = new DateTimeZoneCache(new FakeDateTimeZoneSource.Builder { s.PatientZone, s.ClinicZone }.Build());
        var patient = new Patient
        {
            FirstName = "A",
            LastName = "B",
            Email = "a@example.com",
            Phone = "+12025550111",
            TimeZoneId = "Test/Patient",
        };
        Clinic In(string zone) =>
            new()
            {
                Name = "Clinic",
                TimeZoneId = zone,
                Phone = "+12025550100",
                SendingWindowStart = new LocalTime(s.Opens, 0),
                SendingWindowEnd = new LocalTime(s.Closes, 0),
            };

        var sameZone = MessagePlanner.WindowFor(patient, In("Test/Patient"), zones);
        var otherZone = MessagePlanner.WindowFor(patient, In("Test/Clinic"), zones);

        var inPatientsZone = SendRule.Decide(s.Facts(sameZone), s.Now);
        var inItsOwn = SendRule.Decide(s.Facts(otherZone), s.Now);

        Assert.Equal(inPatientsZone, inItsOwn);
        Assert.Equal(SendRule.Decide(s.Facts(), s.Now), inItsOwn);
    }
}
