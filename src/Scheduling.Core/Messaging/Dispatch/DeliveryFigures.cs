using NodaTime;
using Npgsql;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// How delivery is going, for the Ops delivery page and the Messages page of the Hangfire dashboard alike:
/// messages due in the last hour by state; sent, failed and unknown in the last hour; how late the ones
/// sent in the last hour went out (sent minus due, in percentiles); what is due now, what waits in backoff,
/// what waits more than a minute overdue and the oldest due message; the dispatchers alive and their last
/// heartbeat. Ids and counts only, no patient data. Raw SQL because EF cannot say percentile_cont.
/// </summary>
public sealed class DeliveryFigures(NpgsqlDataSource dataSource)
{
    /// <summary>The window the figures look back over.</summary>
    public static readonly Duration Window = Duration.FromHours(1);

    public async Task<DeliveryReport> ReadAsync(Instant now, CancellationToken cancellationToken)
    {
        var from = now - Window;
        var states = new List<(string State, long Count)>();
        var dispatchers = new List<DispatcherBeat>();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(
            Command(
                "SELECT state, count(*) "
                    + "FROM scheduling.messages WHERE due_at > $1 AND due_at <= $2 GROUP BY state ORDER BY state",
                from,
                now
            )
        );
        batch.BatchCommands.Add(Command(FiguresSql, from, now));
        batch.BatchCommands.Add(
            Command(
                """
                SELECT worker, started_at, heartbeat_at FROM scheduling.dispatchers
                WHERE heartbeat_at > now() - make_interval(secs => $1) ORDER BY worker
                """,
                DispatcherHeartbeat.AliveWithin.TotalSeconds
            )
        );
        await using var row = await batch.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            states.Add((row.GetString(0), row.GetInt64(1)));
        }

        await row.NextResultAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        double? Seconds(int i) => row.IsDBNull(i) ? null : row.GetDouble(i);
        Instant? At(int i) => row.IsDBNull(i) ? null : row.GetFieldValue<Instant>(i);
        var figures = new DeliveryReport(
            now,
            states,
            row.GetInt64(0),
            Seconds(1),
            Seconds(2),
            Seconds(3),
            Seconds(4),
            row.GetInt64(5),
            At(6),
            row.GetInt64(7),
            row.GetInt64(8),
            row.GetInt64(9),
            row.GetInt64(10),
            row.IsDBNull(11) ? null : row.GetGuid(11),
            At(12),
            dispatchers
        );
        await row.NextResultAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            dispatchers.Add(new DispatcherBeat(row.GetString(0), At(1)!.Value, At(2)!.Value));
        }

        return figures;
    }

    /// <summary>
    /// One row: sent in the window and their lateness; overdue by more than a minute; failed and unknown in
    /// the window (by their last change); due now (as <see cref="DispatcherHeartbeat.ReadAsync"/> counts it);
    /// planned again after a failed try and waiting for it (backoff); the oldest due message.
    /// </summary>
    private static readonly string FiguresSql = $"""
        SELECT count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
               max(extract(epoch FROM sent_at - due_at))::float8,
               (SELECT count(*) FROM scheduling.messages
                WHERE state = 'Planned' AND next_attempt_at < $2 - interval '1 minute'),
               (SELECT min(next_attempt_at) FROM scheduling.messages
                WHERE state = 'Planned' AND next_attempt_at < $2 - interval '1 minute'),
               (SELECT count(*) FROM scheduling.messages
                WHERE state = 'Failed' AND updated_at > $1 AND updated_at <= $2),
               (SELECT count(*) FROM scheduling.messages
                WHERE state = 'Unknown' AND updated_at > $1 AND updated_at <= $2),
               ({DispatcherHeartbeat.DueCountSql.Replace("$1", "$2", StringComparison.Ordinal)}),
               (SELECT count(*) FROM scheduling.messages
                WHERE state = 'Planned' AND attempts > 0 AND next_attempt_at > $2),
               (SELECT id FROM scheduling.messages WHERE state = 'Planned' AND next_attempt_at <= $2
                ORDER BY next_attempt_at, id LIMIT 1),
               (SELECT min(next_attempt_at) FROM scheduling.messages
                WHERE state = 'Planned' AND next_attempt_at <= $2)
        FROM scheduling.messages WHERE sent_at > $1 AND sent_at <= $2
        """;

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}

/// <summary>What <see cref="DeliveryFigures"/> read at <see cref="Now"/>; lateness in seconds.</summary>
public sealed record DeliveryReport(
    Instant Now,
    IReadOnlyList<(string State, long Count)> States,
    long Sent,
    double? P50,
    double? P95,
    double? P99,
    double? Max,
    long Overdue,
    Instant? OldestOverdue,
    long Failed,
    long Unknown,
    long DueNow,
    long InBackoff,
    Guid? OldestDueId,
    Instant? OldestDueAt,
    IReadOnlyList<DispatcherBeat> Dispatchers
);

/// <summary>A dispatcher alive: its worker name (host and process), when it started, its last heartbeat.</summary>
public sealed record DispatcherBeat(string Worker, Instant StartedAt, Instant HeartbeatAt);
