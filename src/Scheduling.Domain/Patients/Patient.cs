using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Patients;

public sealed class Patient
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ClinicId { get; init; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public LocalDate DateOfBirth { get; set; }
    public required string Email { get; set; }

    /// <summary>E.164.</summary>
    public required string Phone { get; set; }

    public required string TimeZoneId { get; set; }
    public string Language { get; set; } = "en";
    public ContactStatus PhoneStatus { get; set; }
    public ContactStatus EmailStatus { get; set; }
    public Instant CreatedAt { get; init; }

    /// <summary>
    /// Consent is a ledger, never a flag: the newest entry per channel is what holds, and of two entries
    /// recorded at the same instant the refusal wins (no message after STOP).
    /// </summary>
    public List<ConsentEntry> Consent { get; init; } = [];

    public bool Consents(Channel channel) =>
        Consent
            .Where(c => c.Channel == channel)
            .OrderBy(c => c.RecordedAt)
            .ThenByDescending(c => c.Granted)
            .LastOrDefault()
            ?.Granted
        ?? false;

    public bool CanReceive(Channel channel) =>
        Consents(channel) && (channel == Channel.Sms ? PhoneStatus : EmailStatus) == ContactStatus.Valid;
}

public enum ContactStatus
{
    Valid,
    Invalid,
}

public sealed class ConsentEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Channel Channel { get; init; }
    public bool Granted { get; init; }
    public Instant RecordedAt { get; init; }
    public ConsentSource Source { get; init; }

    /// <summary>What the patient agreed to or sent, e.g. the consent wording shown or the SMS keyword.</summary>
    public required string Evidence { get; init; }

    /// <summary>The staff user who recorded it; null for the patient's own action.</summary>
    public string? RecordedBy { get; init; }
}

public enum ConsentSource
{
    FrontDesk,
    Api,
    SmsKeyword,
    ProviderOptOut,
}
