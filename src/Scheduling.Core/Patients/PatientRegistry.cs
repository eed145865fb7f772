using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Patients;

/// <summary>Registering, finding and reading patients; every read of a patient is audited.</summary>
public sealed class PatientRegistry(
    SchedulingDbContext db,
    IDateTimeZoneProvider zones,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    private const int SearchLimit = 50;
    private const string RegistrationEvidence = "Consent recorded by the clinic at registration.";

    /// <summary>The clinic a registration is read against (its region and zone), or null when there is none.</summary>
    public Task<Clinic?> ClinicAsync(Guid clinicId, CancellationToken cancellationToken) =>
        db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);

    public async Task<Outcome<Patient>> RegisterAsync(NewPatient command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await ClinicAsync(command.ClinicId, cancellationToken) is not { } clinic)
        {
            return Outcome<Patient>.Invalid("clinicId", $"There is no clinic {command.ClinicId}.");
        }

        var now = clock.GetCurrentInstant();
        var facts = command.Facts;
        var patient = new Patient
        {
            ClinicId = clinic.Id,
            FirstName = facts.FirstName,
            LastName = facts.LastName,
            DateOfBirth = facts.DateOfBirth,
            Email = facts.Email,
            Phone = facts.Phone,
            TimeZoneId = (command.Zone ?? zones[clinic.TimeZoneId]).Id,
            Language = facts.Language ?? "en",
            CreatedAt = now,
        };
        var evidence = facts.ConsentEvidence ?? RegistrationEvidence;
        patient.Consent.Add(Entry(patient, Channel.Email, facts.EmailConsent, now, evidence));
        patient.Consent.Add(Entry(patient, Channel.Sms, facts.SmsConsent, now, evidence));
        db.Patients.Add(patient);
        audit.Record("created", nameof(Patient), patient.Id, patient.Id);
        await db.SaveChangesAsync(cancellationToken);
        return patient;
    }

    public async Task<IReadOnlyList<Patient>> SearchAsync(string? query, CancellationToken cancellationToken)
    {
        var patients = db.Patients.AsNoTracking().Include(p => p.Consent).AsQueryable();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var escaped = query
                .Trim()
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal);
            var pattern = $"%{escaped}%";
            var digits = new string(query.Where(char.IsDigit).ToArray());
            patients = patients.Where(p =>
                EF.Functions.ILike(p.FirstName + " " + p.LastName, pattern)
                || EF.Functions.ILike(p.LastName, pattern)
                || EF.Functions.ILike(p.Email, pattern)
                || (digits.Length >= 4 && p.Phone.Contains(digits))
            );
        }

        var found = await patients
            .OrderBy(p => p.LastName)
            .ThenBy(p => p.FirstName)
            .Take(SearchLimit)
            .ToListAsync(cancellationToken);
        audit.Listed(nameof(Patient), Guid.Empty, found.Select(p => p.Id), new { results = found.Count }, "searched");
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// The patients most recently seen or booked (the latest of a session that began, a series booked, their
    /// registration), newest first: the patient list before anyone searches. Limited to the caller's clinics, as
    /// the search is (the query filters), and audited the same way.
    /// </summary>
    public async Task<IReadOnlyList<Patient>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var ids = await db
            .Patients.AsNoTracking()
            .Select(p => new
            {
                p.Id,
                p.LastName,
                Seen = db.Appointments.Where(a =>
                        a.PatientId == p.Id
                        && a.StartInstant <= now
                        && (a.Status == AppointmentStatus.Arrived || a.Status == AppointmentStatus.Completed)
                    )
                    .Max(a => (Instant?)a.StartInstant)
                    ?? p.CreatedAt,
                Booked = db.Series.Where(s => s.PatientId == p.Id).Max(s => (Instant?)s.CreatedAt) ?? p.CreatedAt,
            })
            .OrderByDescending(p => p.Seen > p.Booked ? p.Seen : p.Booked)
            .ThenBy(p => p.LastName)
            .Select(p => p.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        var patients = await db
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var found = ids.Select(id => patients[id]).ToList();
        audit.Listed(nameof(Patient), Guid.Empty, ids, new { results = found.Count }, "listed-recent");
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    public async Task<Outcome<Patient>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var patient = await db
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (patient is null)
        {
            return Outcome<Patient>.NotFound($"There is no patient {id}.");
        }

        await audit.ViewedAsync(nameof(Patient), id, id, cancellationToken);
        return patient;
    }

    private ConsentEntry Entry(Patient patient, Channel channel, bool granted, Instant now, string evidence) =>
        new()
        {
            PatientId = patient.Id,
            Channel = channel,
            Granted = granted,
            RecordedAt = now,
            Source = ConsentSource.FrontDesk,
            Evidence = evidence,
            RecordedBy = actor.Id,
        };
}
