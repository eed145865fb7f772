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

    /// <summary>
    /// Built-in templates belong to the code, and a template is never edited in place: a missing built-in is
    /// added as version 1; one whose newest stored version says something else than the code (any rule, or the
    /// name) gets a new row with the same code and the next version, and the older rows stay as they are for the
    /// series booked on them; an unchanged built-in is left alone.
    /// </summary>
    private async Task SyncBuiltInTemplatesAsync(CancellationToken cancellationToken)
    {
        var newest = (
            await db.Templates.Where(t => t.BuiltIn && t.ClinicId == null).AsNoTracking().ToListAsync(cancellationToken)
        )
            .GroupBy(t => t.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.Version)!, StringComparer.Ordinal);
        foreach (var template in BuiltInTemplates.All(clock.GetCurrentInstant()))
        {
            if (!newest.TryGetValue(template.Code, out var stored))
            {
                db.Templates.Add(template);
            }
            else if (!stored.SameDefinitionAs(template))
            {
                var next = template.NextVersionOf(stored);
                db.Templates.Add(next);
                logger.LogInformation(
                    "Built-in template {Code} changed: version {Version} added, version {Previous} kept",
                    next.Code,
                    next.Version,
                    stored.Version
                );
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
