using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Demo;

/// <summary>
/// `seed --patients N`: synthetic clinics, patients with consent, and one IV induction series of six
/// sessions per patient, packed into the clinics' chairs without any overlap (the exclusion constraints
/// check it as the rows arrive). Written with binary COPY so a million appointments take minutes.
/// Sessions run from about 13 months ago to about 13 months ahead; past ones are Completed.
/// </summary>
public sealed class SyntheticSeeder(
    SchedulingDbContext db,
    NpgsqlDataSource dataSource,
    IClock clock,
    IDateTimeZoneProvider zones
)
{
    public const string ClinicPrefix = "Synthetic clinic ";
    private const int BatchSize = 5_000;
    private const int PatientsPerClinic = 8_000;

    public async Task SeedAsync(
        int patients,
        IProgress<(long Done, long Total)> progress,
        CancellationToken cancellationToken
    )
    {
        var template = await db
            .Templates.AsNoTracking()
            .Where(t => t.BuiltIn && t.Code == BuiltInTemplates.KetamineIvInduction)
            .OrderByDescending(t => t.Version)
            .FirstAsync(cancellationToken);
        var already = await db.Patients.CountAsync(
            p => db.Clinics.Any(c => c.Id == p.ClinicId && c.Name.StartsWith(ClinicPrefix)),
            cancellationToken
        );
        var clinics = await EnsureClinicsAsync(
            (already + patients + PatientsPerClinic - 1) / PatientsPerClinic,
            cancellationToken
        );
        var now = clock.GetCurrentInstant();
        var layout = new SyntheticLayout(clinics, template, zones[clinics[0].TimeZoneId], now);
        var random = new Random(already + patients);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        for (var done = 0; done < patients; done += BatchSize)
        {
            var rows = new SyntheticRows();
            for (var i = done; i < Math.Min(done + BatchSize, patients); i++)
            {
                layout.Add(already + i, random, rows);
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await rows.CopyAsync(connection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress.Report((done + rows.Patients.Count, patients));
        }

        await using var analyze = new NpgsqlCommand(
            "ANALYZE scheduling.patients; ANALYZE scheduling.series; ANALYZE scheduling.appointments;",
            connection
        );
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Clinics open every day 08:00-18:00 with ten chairs; the same ones again on every run, so runs add up.
    /// </summary>
    private async Task<List<Clinic>> EnsureClinicsAsync(int count, CancellationToken cancellationToken)
    {
        var existing = await db
            .Clinics.Include(c => c.Chairs)
            .Where(c => c.Name.StartsWith(ClinicPrefix))
            .ToListAsync(cancellationToken);
        for (var n = existing.Count + 1; n <= count; n++)
        {
            var clinic = new Clinic
            {
                Name = $"{ClinicPrefix}{n:D2}",
                TimeZoneId = "America/New_York",
                Phone = "+12025550100",
                CreatedAt = clock.GetCurrentInstant(),
            };
            clinic.Chairs.AddRange(
                Enumerable
                    .Range(1, SyntheticLayout.Chairs)
                    .Select(c => new Chair
                    {
                        ClinicId = clinic.Id,
                        Number = c,
                        Name = $"Chair {c}",
                    })
            );
            clinic.OpeningHours.AddRange(
                Enum.GetValues<IsoDayOfWeek>()
                    .Where(d => d != IsoDayOfWeek.None)
                    .Select(d => new OpeningHours
                    {
                        ClinicId = clinic.Id,
                        Day = d,
                        Open = new LocalTime(8, 0),
                        Close = new LocalTime(18, 0),
                    })
            );
            db.Clinics.Add(clinic);
            existing.Add(clinic);
        }

        await db.SaveChangesAsync(cancellationToken);
        return [.. existing.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }
}
