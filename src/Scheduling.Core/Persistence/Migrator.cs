using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Persistence;

/// <summary>
/// The one explicit step that changes the schema: EF migrations, Hangfire's own tables, and the
/// reference data this build ships (roles, built-in templates). Safe to run again and from several
/// processes at once (an advisory lock serialises them).
/// </summary>
public sealed class Migrator(
    SchedulingDbContext db,
    SchemaStatus schema,
    NpgsqlDataSource dataSource,
    RoleManager<IdentityRole> roles,
    IClock clock,
    ILogger<Migrator> logger
)
{
    /// <summary>The schema of Hangfire's own tables, which this step installs (the job storage reads it).</summary>
    public const string HangfireSchema = "hangfire";

    private const long AdvisoryLockKey = 0x5c4ed01e;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", lockConnection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        var pending = (await schema.CheckAsync(cancellationToken)).PendingMigrations;
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Applied {Count} migration(s)", pending.Count);

        await using (var connection = new NpgsqlConnection(dataSource.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }

        await EnsureRolesAsync();
        await SyncBuiltInTemplatesAsync(cancellationToken);

        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", lockConnection);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException(
                        $"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}"
                    );
                }
            }
        }
    }

    /// <summary>Built-in templates belong to the code: add the missing ones and bring the others in line.</summary>
    private async Task SyncBuiltInTemplatesAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Templates.Where(t => t.BuiltIn).ToDictionaryAsync(t => t.Code, cancellationToken);
        foreach (var template in BuiltInTemplates.All(clock.GetCurrentInstant()))
        {
            if (!existing.TryGetValue(template.Code, out var stored))
            {
                db.Templates.Add(template);
                continue;
            }

            stored.Name = template.Name;
            stored.Medication = template.Medication;
            stored.SessionCount = template.SessionCount;
            stored.SessionDuration = template.SessionDuration;
            stored.MinDaysBetween = template.MinDaysBetween;
            stored.MaxDaysBetween = template.MaxDaysBetween;
            stored.RemsFormDueDays = template.RemsFormDueDays;
            stored.DayBeforeCheck = template.DayBeforeCheck;

            // Safe to set on a built-in already in use: a series keeps the watch and PCL-5 it was booked with.
            stored.RelapseWatchMonths = template.RelapseWatchMonths;
            stored.OffersPcl5 = template.OffersPcl5;
            stored.OpenEnded = template.OpenEnded;
            if (!stored.Reminders.SequenceEqual(template.Reminders))
            {
                stored.Reminders.Clear();
                stored.Reminders.AddRange(template.Reminders);
            }

            if (!stored.FollowUps.SequenceEqual(template.FollowUps))
            {
                stored.FollowUps.Clear();
                stored.FollowUps.AddRange(template.FollowUps);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
