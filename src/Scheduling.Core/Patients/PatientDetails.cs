using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Patients;

/// <summary>
/// Correcting a patient's details (PUT /api/patients/{id}): names, date of birth, email, phone,
/// language, and consent. A changed consent is a new ledger entry, never an edit of an old one; a changed
/// email or phone is believed valid again until a provider says otherwise. The audit row names the
/// fields that changed, never their values.
/// </summary>
public sealed class PatientDetails(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    private const string ChangeEvidence = "Consent changed by the clinic.";

    /// <summary>The patient's clinic, whose region and zone a correction is read against; null: no patient.</summary>
    public Task<Clinic?> ClinicOfAsync(Guid patientId, CancellationToken cancellationToken) =>
        db
            .Clinics.AsNoTracking()
            .Where(c => db.Patients.Any(p => p.Id == patientId && p.ClinicId == c.Id))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<Outcome<Patient>> UpdateAsync(Guid id, PatientFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var patient = await db
            .Patients.Include(p => p.Consent)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (patient is null)
        {
            return Outcome<Patient>.NotFound($"There is no patient {id}.");
        }

        var now = clock.GetCurrentInstant();
        var changed = new List<string>();
        void Set<T>(string field, T current, T next, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                assign(next);
                changed.Add(field);
            }
        }

        Set("firstName", patient.FirstName, facts.FirstName, v => patient.FirstName = v);
        Set("lastName", patient.LastName, facts.LastName, v => patient.LastName = v);
        Set("dateOfBirth", patient.DateOfBirth, facts.DateOfBirth, v => patient.DateOfBirth = v);
        Set("email", patient.Email, facts.Email, v => (patient.Email, patient.EmailStatus) = (v, ContactStatus.Valid));
        Set("phone", patient.Phone, facts.Phone, v => (patient.Phone, patient.PhoneStatus) = (v, ContactStatus.Valid));
        Set("language", patient.Language, facts.Language ?? patient.Language, v => patient.Language = v);
        var evidence = facts.ConsentEvidence ?? ChangeEvidence;
        foreach (
            var (channel, wanted) in new[] { (Channel.Email, facts.EmailConsent), (Channel.Sms, facts.SmsConsent) }
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

        return patient;
    }
}
