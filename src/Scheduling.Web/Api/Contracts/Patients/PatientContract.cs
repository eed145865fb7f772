using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Web.Api.Contracts.Patients;

/// <summary>POST /api/patients as a client sends it; `timeZone` absent: the clinic's.</summary>
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

/// <summary>PUT /api/patients/{id}: the details as they should be; `language` absent: unchanged.</summary>
public sealed record PatientUpdate(
    string? FirstName,
    string? LastName,
    string? DateOfBirth,
    string? Email,
    string? Phone,
    ConsentInput? Consent,
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
)
{
    public static PatientView From(Patient p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(
            p.Id,
            p.ClinicId,
            p.FirstName,
            p.LastName,
            Wire.Format(p.DateOfBirth),
            p.Email,
            p.Phone,
            p.TimeZoneId,
            p.Language,
            new ConsentView(p.Consents(Channel.Email), p.Consents(Channel.Sms)),
            [
                .. p
                    .Consent.OrderBy(c => c.RecordedAt)
                    .Select(c => new ConsentEntryView(
                        c.Channel.ToString(),
                        c.Granted,
                        Wire.Format(c.RecordedAt),
                        c.Source.ToString(),
                        c.Evidence,
                        c.RecordedBy
                    )),
            ]
        );
    }
}

public sealed record ConsentView(bool Email, bool Sms);

public sealed record ConsentEntryView(
    string Channel,
    bool Granted,
    string RecordedAt,
    string Source,
    string Evidence,
    string? RecordedBy
);
