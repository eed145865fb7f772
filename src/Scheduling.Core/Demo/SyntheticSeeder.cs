using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Demo;

/// <summary>
/// `seed --patients N`: realistic synthetic patients for demos and benchmarks, written with binary
/// COPY so that large seeds take seconds, not hours. Names are drawn from short fixed lists; phone
/// numbers are in the fictional 555-01xx range.
/// </summary>
public sealed class SyntheticSeeder(SchedulingDbContext db, NpgsqlDataSource dataSource, IClock clock)
{
    private const int BatchSize = 10_000;
    private static readonly string[] FirstNames = ["Alex", "Sam", "Jordan", "Casey", "Morgan", "Riley", "Taylor", "Jamie", "Avery", "Quinn", "Harper", "Rowan"];
    private static readonly string[] LastNames = ["Rivera", "Okafor", "Lee", "Novak", "Haddad", "Silva", "Kowalski", "Nguyen", "Mensah", "Fischer", "Patel", "Moreau"];

    public async Task SeedAsync(int patients, IProgress<(long Done, long Total)> progress, CancellationToken cancellationToken)
    {
        var clinic = await db.Clinics.OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No clinic to add patients to: create one first (POST /api/clinics or seed --demo).");
        var now = clock.GetCurrentInstant();
        var random = new Random(patients);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        for (var done = 0; done < patients; done += BatchSize)
        {
            var batch = Enumerable.Range(done, Math.Min(BatchSize, patients - done)).Select(i => NewPatient(clinic, i, random, now)).ToList();
            await CopyPatientsAsync(connection, batch, cancellationToken);
            await CopyConsentAsync(connection, batch, cancellationToken);
            progress.Report((done + batch.Count, patients));
        }
    }

    private static Patient NewPatient(Clinic clinic, int index, Random random, Instant now)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var patient = new Patient
        {
            ClinicId = clinic.Id,
            FirstName = first,
            LastName = last,
            DateOfBirth = new LocalDate(1950 + random.Next(55), 1 + random.Next(12), 1 + random.Next(28)),
            Email = $"{first}.{last}.{index}@example.com".ToLowerInvariant(),
            Phone = $"+1202555{(100 + (index % 100)):D4}",
            TimeZoneId = clinic.TimeZoneId,
            CreatedAt = now,
        };
        foreach (var channel in new[] { Channel.Email, Channel.Sms })
        {
            patient.Consent.Add(new ConsentEntry
            {
                PatientId = patient.Id,
                Channel = channel,
                Granted = random.Next(10) > 0,
                RecordedAt = now,
                Source = ConsentSource.FrontDesk,
                Evidence = "Synthetic data.",
            });
        }

        return patient;
    }

    private static async Task CopyPatientsAsync(NpgsqlConnection connection, List<Patient> patients, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY scheduling.patients (id, clinic_id, first_name, last_name, date_of_birth, email, phone, time_zone_id, language, phone_status, email_status, created_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var p in patients)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(p.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(p.ClinicId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(p.FirstName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.LastName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.DateOfBirth, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(p.Email, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.Phone, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.TimeZoneId, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.Language, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.PhoneStatus.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.EmailStatus.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyConsentAsync(NpgsqlConnection connection, List<Patient> patients, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY scheduling.consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var entry in patients.SelectMany(p => p.Consent))
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(entry.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(entry.PatientId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(entry.Channel.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(entry.Granted, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(entry.RecordedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(entry.Source.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(entry.Evidence, NpgsqlDbType.Varchar, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }
}
