using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Scheduling.Core.Persistence;

/// <summary>Whether the database has every migration this build knows, and Hangfire's schema.</summary>
public sealed class SchemaStatus(SchedulingDbContext db, NpgsqlDataSource dataSource)
{
    public async Task<SchemaReport> CheckAsync(CancellationToken cancellationToken)
    {
        var pending = await TableExistsAsync(
            $"{SchedulingDbContext.Schema}.{SchedulingDbContext.MigrationsHistoryTable}",
            cancellationToken
        )
            ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : db.Database.GetMigrations().ToList();
        var hangfireInstalled = await TableExistsAsync($"{Migrator.HangfireSchema}.job", cancellationToken);
        return new SchemaReport(pending, hangfireInstalled);
    }

    private async Task<bool> TableExistsAsync(string qualifiedName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        command.Parameters.AddWithValue(qualifiedName);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

public sealed record SchemaReport(IReadOnlyList<string> PendingMigrations, bool HangfireInstalled)
{
    public bool IsCurrent => PendingMigrations.Count == 0 && HangfireInstalled;

    public string Describe() =>
        IsCurrent
            ? "The database schema is current."
            : "The database schema is behind this build"
                + (
                    PendingMigrations.Count > 0
                        ? $" ({PendingMigrations.Count} pending migration(s): {string.Join(", ", PendingMigrations)})"
                        : ""
                )
                + (HangfireInstalled ? "" : " (Hangfire's tables are missing)")
                + ". Run the migrate command first, e.g. `dotnet Scheduling.Web.dll migrate`.";
}
