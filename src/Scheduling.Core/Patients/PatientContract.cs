namespace Scheduling.Core.Patients;

public sealed record PatientInput(
    Guid? ClinicId,
    string? FirstName,
    string? LastName,
    string? DateOfBirth,
    string? Email,
    string? Phone,
    ConsentInput? Consent,
    string? TimeZone = null,
    string? Language = null
);

/// <summary>`text` is what the patient was shown or agreed to; kept in the ledger as evidence.</summary>
public sealed record ConsentInput(bool? Email, bool? Sms, string? Text = null);

public sealed record PatientView(
    Guid Id,
    Guid ClinicId,
    string FirstName,
    string LastName,
    string DateOfBirth,
    string Email,
    string Phone,
    string TimeZone,
    string Language,
    ConsentView Consent,
    IReadOnlyList<ConsentEntryView> ConsentLedger
);

public sealed record ConsentView(bool Email, bool Sms);

public sealed record ConsentEntryView(
    string Channel,
    bool Granted,
    string RecordedAt,
    string Source,
    string Evidence,
    string? RecordedBy
);
