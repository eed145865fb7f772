using System.Net;
using NodaTime;
using Npgsql;
using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>
/// ops/backup.sh and ops/restore.sh as an operator runs them: a database with messages in every state, alerts
/// and consent entries is backed up, restored into a cluster made fresh for the test (initdb, as ops/test.sh
/// makes its own), and every row of every table is found there as it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupRestoreTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    // 10:00 in New York on Thursday 26 November 2026: inside the default sending window.
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);

    [Fact]
    public async Task Backup_RestoredIntoAFreshCluster_HoldsEveryMessageAlertAndConsentEntry()
    {
        await FillAsync();
        var source = app.Database.ConnectionString;
        var counts = await CountsAsync(source);
        Assert.Equal(string.Join(',', Enum.GetNames<MessageState>().Order(StringComparer.Ordinal)), counts.States);
        Assert.True(counts.Alerts >= 2, "alerts to back up");
        Assert.True(counts.Consent >= 2, "consent entries to back up");

        var folder = Directory.CreateTempSubdirectory("scheduling-backup-").FullName;
        try
        {
            var file = Path.Combine(folder, "scheduling.dump");
            var backup = await OpsScripts.RunAsync(Env(source), "backup.sh", "--output", file);
            Assert.True(backup.ExitCode == 0, $"backup.sh failed ({backup.ExitCode}): {backup.Error}");
            Assert.True(new FileInfo(file).Length > 0);
            var again = await OpsScripts.RunAsync(Env(source), "backup.sh", "--output", file);
            Assert.True(again.ExitCode == 3, $"an existing file is refused with 3, not {again.ExitCode}");

            await using var cluster = await FreshCluster.StartAsync();
            var target = cluster.ConnectionString("scheduling_restored");
            var restore = await OpsScripts.RunAsync(Env(target), "restore.sh", "--create", file);
            Assert.True(restore.ExitCode == 0, $"restore.sh failed ({restore.ExitCode}): {restore.Error}");

            var tables = await TablesAsync(source);
            Assert.Contains("scheduling.messages", tables);
            Assert.Contains("scheduling.alerts", tables);
            Assert.Contains("scheduling.consent_ledger", tables);
            Assert.Equal(tables, await TablesAsync(target));
            foreach (var table in tables)
            {
                Assert.True(
                    await RowsAsync(source, table) == await RowsAsync(target, table),
                    $"{table} differs after the restore"
                );
            }

            await using (await OpenAsync(target))
            {
                var inUse = await OpsScripts.RunAsync(Env(target), "restore.sh", "--clean", file);
                Assert.True(inUse.ExitCode == 3, $"a database in use is refused with 3, not {inUse.ExitCode}");
                Assert.Contains("stop the web and worker hosts first", inUse.Error, StringComparison.Ordinal);
            }

            // Pooled connections count as sessions in use too: closed, so that emptiness is what is judged.
            NpgsqlConnection.ClearAllPools();
            var overIt = await OpsScripts.RunAsync(Env(target), "restore.sh", file);
            Assert.True(overIt.ExitCode == 3, $"a non-empty database is refused with 3, not {overIt.ExitCode}");
            Assert.Contains("is not empty", overIt.Error, StringComparison.Ordinal);
            Assert.Equal(counts, await CountsAsync(target));

            var migrate = await HostProcess.RunAsync(
                HostProcess.WebHostDll,
                new Dictionary<string, string> { ["ConnectionStrings__Scheduling"] = target },
                TimeSpan.FromMinutes(3),
                "migrate"
            );
            Assert.True(migrate.ExitCode == 0, $"migrate on the restored database: {migrate.Output}{migrate.Error}");
            NpgsqlConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_WithoutAFile_OrWithoutADatabase_SaysHowToCallIt()
    {
        var noFile = await OpsScripts.RunAsync(Env(app.Database.ConnectionString), "restore.sh");
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("ops/restore.sh [--create] [--clean] FILE", noFile.Error, StringComparison.Ordinal);

        var noDatabase = await OpsScripts.RunAsync(new Dictionary<string, string>(), "backup.sh");
        Assert.Equal(2, noDatabase.ExitCode);
        Assert.Contains("ConnectionStrings__Scheduling is not set", noDatabase.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A booked series through the API (patient, consent entries, messages), one dispatch round (the
    /// confirmations sent), a cancelled session (its reminders suppressed); the states no API call makes at
    /// once (claimed, delivered, failed, unknown) and two alerts are written as the dispatcher and the
    /// survey page write them.
    /// </summary>
    private async Task FillAsync()
    {
        app.Clock.Reset(MorningInNewYork);
        using var desk = await BookingClient.CreateAsync(app);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00")
        );
        await app.DispatchAsync();
        var last = series.GetProperty("sessions").EnumerateArray().Last().GetProperty("id").GetString();
        var cancelled = await desk.PostAsync($"/api/appointments/{last}/cancel", new { reason = "Patient asked" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        await ExecuteAsync(
            app.Database.ConnectionString,
            """
            WITH planned AS (
              SELECT id, row_number() OVER (ORDER BY due_at, id) AS n FROM scheduling.messages WHERE state = 'Planned')
            UPDATE scheduling.messages m SET
              state = (ARRAY['Sending', 'Sent', 'Delivered', 'Failed', 'Unknown'])[p.n],
              attempts = 1,
              claimed_by = CASE p.n WHEN 1 THEN 'worker-1' END,
              claimed_until = CASE p.n WHEN 1 THEN now() + interval '2 minutes' END,
              provider_id = CASE WHEN p.n IN (2, 3) THEN 'provider-' || p.n END,
              sent_at = CASE WHEN p.n IN (2, 3) THEN m.due_at END,
              delivered_at = CASE p.n WHEN 3 THEN m.due_at + interval '5 seconds' END,
              reason = CASE p.n WHEN 4 THEN 'MailboxUnavailable' END,
              last_error = CASE p.n WHEN 4 THEN '550 mailbox unavailable'
                WHEN 5 THEN 'Connection dropped after DATA' END
            FROM planned p WHERE m.id = p.id AND p.n <= 5;
            """
        );
        await ExecuteAsync(
            app.Database.ConnectionString,
            $$"""
            INSERT INTO scheduling.alerts (id, patient_id, clinic_id, kind, state, created_at, answers, page_round,
              acknowledged_at, acknowledged_by, note)
            VALUES
              ('{{Guid.NewGuid()}}', '{{desk.PatientId}}', '{{desk.ClinicId}}', 'SelfHarmRisk', 'Open',
               '2026-11-26T15:05:00Z', '{"9": 2}', 1, NULL, NULL, NULL),
              ('{{Guid.NewGuid()}}', '{{desk.PatientId}}', '{{desk.ClinicId}}', 'SevereSideEffect', 'Acknowledged',
               '2026-11-26T15:06:00Z', '{}', 0, '2026-11-26T15:20:00Z', 'clinician@test.local', 'Called; safe.');
            """
        );
    }

    private static Dictionary<string, string> Env(string connectionString) =>
        new() { ["ConnectionStrings__Scheduling"] = connectionString };

    private sealed record Counts(string States, long Alerts, long Consent);

    private static async Task<Counts> CountsAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT string_agg(DISTINCT state, ',' ORDER BY state) FROM scheduling.messages),
                   (SELECT count(*) FROM scheduling.alerts), (SELECT count(*) FROM scheduling.consent_ledger)
            """,
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Every table of the application's schemas (business data, Hangfire's), by qualified name.</summary>
    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(
            """
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1
            """,
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>A table's rows, every column, as JSON in a stable order: equal text means equal rows.</summary>
    private static async Task<string> RowsAsync(string connectionString, string table)
    {
        await using var connection = await OpenAsync(connectionString);
        var quoted = string.Join('.', table.Split('.').Select(part => $"\"{part}\""));
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]')::text "
                + $"FROM (SELECT to_jsonb(t) AS r FROM {quoted} t) x",
            connection
        );
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
