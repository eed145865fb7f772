using Npgsql;
using Scheduling.Core.Persistence;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// A cheap fingerprint of every application table: one statement, an md5 per table over its rows as JSON, sorted,
/// taken only when PostgreSQL's next transaction id moved (<see cref="WriteMarkAsync"/>). Left out: the audit log
/// (reads are audited), data-protection keys, the dispatchers' heartbeats and EF's history; and in users the sign-in
/// failure counters, which a refused sign-in moves by design (README, "Commands": five failed sign-ins lock an
/// account).
/// </summary>
public sealed class RowFingerprint : IAsyncDisposable
{
    private static readonly string[] LeftOut =
    [
        "audit_events",
        "data_protection_keys",
        "dispatchers",
        SchedulingDbContext.MigrationsHistoryTable,
    ];

    private const string SignInCounters =
        "'{access_failed_count,lockout_end,concurrency_stamp,AccessFailedCount,LockoutEnd,ConcurrencyStamp}'::text[]";

    private readonly NpgsqlConnection _connection;
    private readonly string _statement;

    private RowFingerprint(NpgsqlConnection connection, string statement) =>
        (_connection, _statement) = (connection, statement);

    public static async Task<RowFingerprint> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (
            var command = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = @schema AND table_type = 'BASE TABLE' ORDER BY 1",
                connection
            )
        )
        {
            command.Parameters.AddWithValue("schema", SchedulingDbContext.Schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var kept = tables
            .Except(LeftOut, StringComparer.Ordinal)
            .Where(t => !t.Contains("heartbeat", StringComparison.Ordinal));
        var statement = string.Join(
            "\nUNION ALL\n",
            kept.Select(t =>
                $"SELECT '{t}', md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM "
                + $"(SELECT (to_jsonb(x) - {SignInCounters})::text AS r "
                + $"FROM {SchedulingDbContext.Schema}.\"{t}\" x) rows"
            )
        );
        return new RowFingerprint(connection, statement);
    }

    /// <summary>Table → md5 of its rows.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TakeAsync()
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(_statement, _connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            hashes[reader.GetString(0)] = reader.GetString(1);
        }

        return hashes;
    }

    /// <summary>
    /// The next transaction id PostgreSQL will hand out. Any write takes one, so while it stands still nothing was
    /// written anywhere and the md5s need not be taken again; reading it writes nothing.
    /// </summary>
    public async Task<long> WriteMarkAsync()
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint",
            _connection
        );
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static IReadOnlyList<string> Changed(
        IReadOnlyDictionary<string, string> before,
        IReadOnlyDictionary<string, string> after
    ) => before.Where(b => !after.TryGetValue(b.Key, out var a) || a != b.Value).Select(b => b.Key).ToList();

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
