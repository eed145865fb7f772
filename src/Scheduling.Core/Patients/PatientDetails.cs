using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Patients;

/// <summary>
/// Correcting a patient's details (PUT /api/patients/{id}): names, date of birth, email, phone,
/// language, and consent. A changed consent is a new ledger entry, never an edit of an old one; a changed
/// email or phone is believed valid again until a provider says otherwise. The audit row names the
/// fields that changed, never their values.
/// </summary>
public sealed class PatientDetails(
    SchedulingDbContext db,
    IDateTimeZoneProvider zones,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    private const string ChangeEvidence = "Consent changed by the clinic.";

    public async Task<Outcome<PatientView>> UpdateAsync(
        Guid id,
        PatientUpdate? input,
        CancellationToken cancellationToken
    )
    {
        if (input is null)
        {
            return Outcome<PatientView>.Invalid("body", "A patient is required.");
        }

        var patient = await db
            .Patients.Include(p => p.Consent)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (patient is null)
        {
            return Outcome<PatientView>.NotFound($"There is no patient {id}.");
        }

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == patient.ClinicId, cancellationToken);
        var problems = new Problems();
        var now = clock.GetCurrentInstant();
        var (firstName, lastName, birth, email, phone) = PatientFields.Read(
            input.FirstName,
            input.LastName,
            input.DateOfBirth,
            input.Email,
            input.Phone,
            input.Consent,
            input.Language,
            clinic,
            now,
            zones,
            problems
        );
        if (problems.Any)
        {
            return Outcome<PatientView>.Invalid(problems.ToDictionary());
        }

        var changed = new List<string>();
        void Set<T>(string field, T current, T next, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                assign(next);
                changed.Add(field);
            }
        }

        Set("firstName", patient.FirstName, firstName!, v => patient.FirstName = v);
        Set("lastName", patient.LastName, lastName!, v => patient.LastName = v);
        Set("dateOfBirth", patient.DateOfBirth, birth!.Value, v => patient.DateOfBirth = v);
        Set("email", patient.Email, email!, v => (patient.Email, patient.EmailStatus) = (v, ContactStatus.Valid));
        Set("phone", patient.Phone, phone!, v => (patient.Phone, patient.PhoneStatus) = (v, ContactStatus.Valid));
        Set("language", patient.Language, input.Language ?? patient.Language, v => patient.Language = v);
        var evidence = string.IsNullOrWhiteSpace(input.Consent!.Text) ? ChangeEvidence : input.Consent.Text.Trim();
        foreach (
            var (channel, wanted) in new[]
            {
                (Channel.Email, input.Consent.Email!.Value),
                (Channel.Sms, input.Consent.Sms!.Value),
            }
        )
        {
            if (patient.Consents(channel) != wanted)
            {
                var entry = new ConsentEntry
                {
                    PatientId = patient.Id,
                    Channel = channel,
                    Granted = wanted,
                    RecordedAt = now,
                    Source = ConsentSource.FrontDesk,
                    Evidence = evidence,
                    RecordedBy = actor.Id,
                };
                patient.Consent.Add(entry);
                db.ConsentEntries.Add(entry);
                changed.Add($"consent.{channel.ToString().ToLowerInvariant()}");
            }
        }

        if (changed.Count > 0)
        {
            audit.Record("changed", nameof(Patient), patient.Id, patient.Id, new { fields = changed });
            await db.SaveChangesAsync(cancellationToken);
        }

        return PatientRegistry.View(patient);
    }
}

public sealed record PatientUpdate(
    string? FirstName,
    string? LastName,
    string? DateOfBirth,
    string? Email,
    string? Phone,
    ConsentInput? Consent,
    string? Language = null
);
