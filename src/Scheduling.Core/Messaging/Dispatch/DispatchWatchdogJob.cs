using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Makes the dispatcher's health visible where Ops look, the Hangfire dashboard: a run every minute that
/// fails (and logs an error) when due messages wait past their due time (a stalled dispatcher), when
/// messages have been retrying for longer than <see cref="BackoffTolerance"/> (a provider down for long),
/// and at once when a provider refused our credentials (retried meanwhile, but only ops can fix it).
/// </summary>
public sealed partial class DispatchWatchdogJob(
    NpgsqlDataSource dataSource,
    IClock clock,
    ILogger<DispatchWatchdogJob> logger
)
{
    public const string Id = "messages:watchdog";

    /// <summary>Longer than a poll and a busy batch, shorter than anyone would call late.</summary>
    private static readonly Duration Tolerance = Duration.FromMinutes(2);

    /// <summary>About five failed attempts (30 s doubling): past a hiccup, short of a reminder's use.</summary>
    public static readonly Duration BackoffTolerance = Duration.FromMinutes(15);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Messages: check that due messages are being sent")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE next_attempt_at < $1),
                   min(next_attempt_at) FILTER (WHERE next_attempt_at < $1),
                   count(*) FILTER (WHERE state = 'Planned' AND attempts > 0 AND due_at < $2),
                   min(due_at) FILTER (WHERE state = 'Planned' AND attempts > 0 AND due_at < $2),
                   count(*) FILTER (WHERE reason = $3)
            FROM scheduling.messages
            WHERE state IN ('Planned', 'Sending')
            """
        );
        command.Parameters.AddWithValue(now - Tolerance);
        command.Parameters.AddWithValue(now - BackoffTolerance);
        command.Parameters.AddWithValue(MessageReason.ProviderAuthentication.Name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var late = reader.GetInt64(0);
        var retrying = reader.GetInt64(2);
        var refused = reader.GetInt64(4);
        var problems = new List<string>();
        if (refused > 0)
        {
            problems.Add(
                $"{refused} message(s) wait because the email or SMS provider refused our credentials "
                    + "(SMTP 535, Twilio 401/20003); fix Email:Smtp or Sms:Twilio."
            );
        }

        if (late > 0)
        {
            problems.Add(
                $"{late} message(s) are more than {Minutes(Tolerance)} minutes late; the oldest was due at "
                    + $"{reader.GetFieldValue<Instant>(1)}. Is a worker running?"
            );
        }

        if (retrying > 0)
        {
            problems.Add(
                $"{retrying} message(s) have been retrying for more than {Minutes(BackoffTolerance)} minutes; "
                    + $"the oldest was due at {reader.GetFieldValue<Instant>(3)}. Is a provider down?"
            );
        }

        if (problems.Count > 0)
        {
            var report = string.Join(" ", problems);
            LogAlarm(report);
            throw new DispatchLaggingException(report);
        }
    }

    private static string Minutes(Duration duration) =>
        duration.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Messages watchdog: {Report}")]
    private partial void LogAlarm(string report);
}

public sealed class DispatchLaggingException(string message) : Exception(message);
