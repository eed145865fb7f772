using NodaTime;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Domain;

/// <summary>Consent is a ledger: the newest entry per channel holds, whatever order the rows come in.</summary>
public sealed class PatientConsentTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 1, 12, 0);

    [Fact]
    public void Consents_IsFalse_WithNoEntries()
    {
        Assert.False(Patient().Consents(Channel.Sms));
    }

    [Fact]
    public void Consents_FollowsTheNewestEntry_NotTheLastAdded()
    {
        var patient = Patient();
        patient.Consent.Add(Entry(Channel.Sms, granted: false, Start.Plus(Duration.FromDays(2))));
        patient.Consent.Add(Entry(Channel.Sms, granted: true, Start));

        Assert.False(patient.Consents(Channel.Sms));
    }

    [Fact]
    public void Consents_IsPerChannel()
    {
        var patient = Patient();
        patient.Consent.Add(Entry(Channel.Sms, granted: false, Start.Plus(Duration.FromDays(1))));
        patient.Consent.Add(Entry(Channel.Email, granted: true, Start));

        Assert.True(patient.Consents(Channel.Email));
        Assert.False(patient.Consents(Channel.Sms));
    }

    [Fact]
    public void CanReceive_IsFalse_WhenTheNumberIsKnownInvalid_EvenWithConsent()
    {
        var patient = Patient();
        patient.Consent.Add(Entry(Channel.Sms, granted: true, Start));
        patient.PhoneStatus = ContactStatus.Invalid;

        Assert.False(patient.CanReceive(Channel.Sms));
    }

    private static Patient Patient() =>
        new()
        {
            FirstName = "Alex",
            LastName = "Rivera",
            Email = "alex@example.com",
            Phone = "+12025550111",
            TimeZoneId = "America/New_York",
        };

    private static ConsentEntry Entry(Channel channel, bool granted, Instant at) =>
        new()
        {
            Channel = channel,
            Granted = granted,
            RecordedAt = at,
            Source = ConsentSource.FrontDesk,
            Evidence = "test",
        };
}
