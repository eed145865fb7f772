using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
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

    public async Task<Outcome<PatientView>> RegisterAsync(PatientInput? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (input is null || !problems.Require("clinicId", input.ClinicId))
        {
            problems.Require("body", input);
            return Outcome<PatientView>.Invalid(problems.ToDictionary());
        }

        var clinic = await db
            .Clinics.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == input.ClinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<PatientView>.Invalid("clinicId", $"There is no clinic {input.ClinicId}.");
        }

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
        var zone = input.TimeZone is null
            ? zones[clinic.TimeZoneId]
            : Wire.Zone(input.TimeZone, "timeZone", zones, problems);
        problems.Require("consent", input.Consent);
        if (problems.Any)
        {
            return Outcome<PatientView>.Invalid(problems.ToDictionary());
        }

        var patient = new Patient
        {
            ClinicId = clinic.Id,
            FirstName = firstName!,
            LastName = lastName!,
            DateOfBirth = birth!.Value,
            Email = email!,
            Phone = phone!,
            TimeZoneId = zone!.Id,
            Language = input.Language ?? "en",
            CreatedAt = now,
        };
        var evidence = string.IsNullOrWhiteSpace(input.Consent!.Text)
            ? RegistrationEvidence
            : input.Consent.Text.Trim();
        patient.Consent.Add(Entry(patient, Channel.Email, input.Consent.Email!.Value, now, evidence));
        patient.Consent.Add(Entry(patient, Channel.Sms, input.Consent.Sms!.Value, now, evidence));
        db.Patients.Add(patient);
        audit.Record("created", nameof(Patient), patient.Id, patient.Id);
        await db.SaveChangesAsync(cancellationToken);
        return View(patient);
    }

    public async Task<IReadOnlyList<PatientView>> SearchAsync(string? query, CancellationToken cancellationToken)
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
        return found.Select(View).ToList();
    }

    /// <summary>
    /// The patients most recently seen or booked (the latest of a session that began, a series booked, their
    /// registration), newest first: the patient list before anyone searches. Limited to the caller's clinics, as
    /// the search is (the query filters), and audited the same way.
    /// </summary>
    public async Task<IReadOnlyList<PatientView>> RecentAsync(int count, CancellationToken cancellationToken)
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
        return found.Select(View).ToList();
    }

    public async Task<Outcome<PatientView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var patient = await db
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (patient is null)
        {
            return Outcome<PatientView>.NotFound($"There is no patient {id}.");
        }

        await audit.ViewedAsync(nameof(Patient), id, id, cancellationToken);
        return View(patient);
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

    public static PatientView View(Patient p) =>
        new(
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
            p.Consent.OrderBy(c => c.RecordedAt)
                .Select(c => new ConsentEntryView(
                    c.Channel.ToString(),
                    c.Granted,
                    Wire.Format(c.RecordedAt),
                    c.Source.ToString(),
                    c.Evidence,
                    c.RecordedBy
                ))
                .ToList()
        );
}
