using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Patients;

namespace Scheduling.Web.Api.Contracts.Patients;

/// <summary>
/// Reads a patient's details as registration and correction send them, against their clinic: the phone in the
/// clinic's region (from its own number), the date of birth before the clinic's today. Every bad field is named
/// as the client sent it (`firstName`, `dateOfBirth`, `consent.sms`, …); ContactDetails reads both contacts.
/// </summary>
public static class PatientReading
{
    /// <summary>The ledger keeps the patient's words as evidence (consent_ledger.evidence, varchar(2000)).</summary>
    public const int MaxConsentText = 2000;

    /// <summary>What a patient's details are read against: where the clinic is and what day it is there.</summary>
    public sealed record ClinicContext(string Region, DateTimeZone Zone, LocalDate Today);

    /// <summary>The facts, or null with every problem added.</summary>
    public static PatientFacts? Read(
        string? firstName,
        string? lastName,
        string? dateOfBirth,
        string? email,
        string? phone,
        ConsentInput? consent,
        string? language,
        ClinicContext clinic,
        Problems problems
    )
    {
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(problems);
        var first = ContactDetails.Text(firstName, "firstName", 100, problems);
        var last = ContactDetails.Text(lastName, "lastName", 100, problems);
        var birth = Wire.LocalDate(dateOfBirth, "dateOfBirth", problems);
        if (birth is { } b && (b > clinic.Today || b.Year < 1900))
        {
            problems.Add("dateOfBirth", "Expected a date of birth in the past, after 1900.");
        }

        var address = ContactDetails.Email(email, "email", problems);
        var number = ContactDetails.SmsPhone(phone, "phone", clinic.Region, problems);
        problems.Require("consent.email", consent?.Email);
        problems.Require("consent.sms", consent?.Sms);
        var evidence = consent?.Text?.Trim();
        if (evidence is { Length: > MaxConsentText })
        {
            problems.Add("consent.text", $"At most {MaxConsentText} characters.");
        }

        if (language is { Length: < 2 or > 16 })
        {
            problems.Add("language", "Expected a language tag such as en or es.");
        }

        return problems.Any
            ? null
            : new PatientFacts(
                first!,
                last!,
                birth!.Value,
                address!,
                number!,
                consent!.Email!.Value,
                consent.Sms!.Value,
                string.IsNullOrWhiteSpace(evidence) ? null : evidence,
                language
            );
    }
}
