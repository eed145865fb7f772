using Hangfire;
using Npgsql;
using NodaTime;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Makes the dispatcher's health visible where Ops look, the Hangfire dashboard: a run every minute
/// that fails when messages wait past their due time, so a stalled dispatcher shows up as failed jobs.
/// </summary>
public sealed class DispatchWatchdogJob(NpgsqlDataSource dataSource, IClock clock)
{
    public const string Id = "messages:watchdog";

    /// <summary>Longer than a poll and a busy batch, shorter than anyone would call late.</summary>
    private static readonly Duration Tolerance = Duration.FromMinutes(2);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Messages: check that due messages are being sent")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), min(next_attempt_at) FROM scheduling.messages
            WHERE state IN ('Planned', 'Sending') AND next_attempt_at < $1
            """);
        command.Parameters.AddWithValue(now - Tolerance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var late = reader.GetInt64(0);
        if (late > 0)
        {
            throw new DispatchLaggingException($"{late} message(s) are more than {Tolerance.TotalMinutes:0} minutes late; the oldest was due at {reader.GetFieldValue<Instant>(1)}. Is a worker running?");
        }
    }
}

public sealed class DispatchLaggingException(string message) : Exception(message);
