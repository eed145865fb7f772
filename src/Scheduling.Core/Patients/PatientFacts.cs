using NodaTime;

namespace Scheduling.Core.Patients;

/// <summary>
/// A patient's details as registration and correction take them, already read against their clinic: names, a
/// date of birth in the past, an email MimeKit can send to, a number Twilio can text in E.164 (read in the
/// clinic's region), the consent answer per channel with the words the patient agreed to (null: the clinic's
/// standard evidence), and a language tag (null: English when registered, unchanged when corrected).
/// </summary>
public sealed record PatientFacts(
    string FirstName,
    string LastName,
    LocalDate DateOfBirth,
    string Email,
    string Phone,
    bool EmailConsent,
    bool SmsConsent,
    string? ConsentEvidence,
    string? Language
);

/// <summary>A patient to register at a clinic; `Zone` null: the clinic's.</summary>
public sealed record NewPatient(Guid ClinicId, PatientFacts Facts, DateTimeZone? Zone);
