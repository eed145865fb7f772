using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Patients;

/// <summary>
/// The rules a patient's details meet whether they are registered or corrected: names, a date of birth
/// in the past (in the clinic's zone), an email MimeKit can send to, a number Twilio can text in E.164 (read
/// in the clinic's region), a consent answer per channel, and a language tag (ContactDetails reads both contacts).
/// </summary>
internal static class PatientFields
{
    private const int MaxConsentText = 2000;

    public static Details Read(
        string? firstName,
        string? lastName,
        string? dateOfBirth,
        string? email,
        string? phone,
        ConsentInput? consent,
        string? language,
        Clinic clinic,
        Instant now,
        IDateTimeZoneProvider zones,
        Problems problems
    )
    {
        var first = ContactDetails.Text(firstName, "firstName", 100, problems);
        var last = ContactDetails.Text(lastName, "lastName", 100, problems);
        var birth = Wire.LocalDate(dateOfBirth, "dateOfBirth", problems);
        if (birth is { } b && (b > now.InZone(zones[clinic.TimeZoneId]).Date || b.Year < 1900))
        {
            problems.Add("dateOfBirth", "Expected a date of birth in the past, after 1900.");
        }

        var address = ContactDetails.Email(email, "email", problems);
        var number = ContactDetails.SmsPhone(phone, "phone", ContactDetails.RegionOf(clinic.Phone), problems);
        problems.Require("consent.email", consent?.Email);
        problems.Require("consent.sms", consent?.Sms);
        if (consent?.Text?.Trim() is { Length: > MaxConsentText })
        {
            // The ledger keeps the patient's words as evidence (consent_ledger.evidence, varchar(2000)).
            problems.Add("consent.text", $"At most {MaxConsentText} characters.");
        }

        if (language is { Length: < 2 or > 16 })
        {
            problems.Add("language", "Expected a language tag such as en or es.");
        }

        return new Details(first, last, birth, address, number);
    }

    /// <summary>What was read; every value is set when no problem was added.</summary>
    public sealed record Details(
        string? FirstName,
        string? LastName,
        LocalDate? DateOfBirth,
        string? Email,
        string? Phone
    );
}
