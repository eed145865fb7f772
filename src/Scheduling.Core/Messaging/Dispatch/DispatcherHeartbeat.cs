using Npgsql;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Each running dispatcher's row in <c>scheduling.dispatchers</c>, stamped with the database's clock every
/// few seconds and removed on a clean stop, so that anyone can see from the database alone whether any
/// dispatcher is alive (<c>/health/ready</c>), whatever the clocks of the machines say.
/// </summary>
public sealed class DispatcherHeartbeat(NpgsqlDataSource dataSource)
{
    /// <summary>How often a running dispatcher stamps its row.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>A dispatcher whose row is older than this is taken for dead.</summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(60);

    /// <summary>Rows of dispatchers killed long ago are cleared when another one starts.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    public async Task StartAsync(string worker, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var forget = new NpgsqlBatchCommand(
            "DELETE FROM scheduling.dispatchers WHERE heartbeat_at < now() - make_interval(secs => $1)"
        );
        forget.Parameters.AddWithValue(Forgotten.TotalSeconds);
        batch.BatchCommands.Add(forget);
        batch.BatchCommands.Add(Stamp(worker));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task BeatAsync(string worker, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Stamp(worker));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Stamp(string worker)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO scheduling.dispatchers (worker, started_at, heartbeat_at) VALUES ($1, now(), now())
            ON CONFLICT (worker) DO UPDATE SET heartbeat_at = now()
            """
        );
        command.Parameters.AddWithValue(worker);
        return command;
    }

    public async Task StopAsync(string worker, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM scheduling.dispatchers WHERE worker = $1");
        command.Parameters.AddWithValue(worker);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Counts the messages due by <c>$1</c> (the clock due times are planned with): planned and due, or sending
    /// under a claim whose lease ran out on the database's clock. Shared by every reader of "due now".
    /// </summary>
    public const string DueCountSql = """
        SELECT count(*) FROM scheduling.messages
        WHERE state IN ('Planned', 'Sending')
          AND ((state = 'Planned' AND next_attempt_at <= $1) OR (state = 'Sending' AND claimed_until < now()))
        """;

    /// <summary>
    /// How many dispatchers are alive (stamped within <see cref="AliveWithin"/> on the database's clock) and
    /// how many messages are due: planned and due by <paramref name="now"/> (the clock due times are planned
    /// with), or sending under a claim whose lease ran out on the database's clock.
    /// </summary>
    public async Task<(int Alive, long Due)> ReadAsync(NodaTime.Instant now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT (SELECT count(*)::int FROM scheduling.dispatchers
                    WHERE heartbeat_at > now() - make_interval(secs => $2)),
                   ({DueCountSql})
            """
        );
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(AliveWithin.TotalSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt64(1));
    }
}
