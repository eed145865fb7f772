using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Npgsql;
using Scheduling.Core.Telemetry;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The gauges of the scheduling meter that read the database: messages due now, waiting in backoff and being
/// sent (the dispatchers' queue), dispatchers alive, safety alerts open and the age of the oldest. One small
/// statement reads them all, at most once per <c>Metrics:GaugeMaxAge</c> (5 s by default), however often they are
/// scraped or exported; it counts over the pending-message index and the open alerts. When the database does not
/// answer, the gauges report nothing rather than a false zero.
/// </summary>
public sealed class OperationsGauges
{
    private const string Sql = $"""
        SELECT ({DispatcherHeartbeat.DueCountSql}),
               (SELECT count(*) FROM scheduling.messages
                WHERE state = 'Planned' AND attempts > 0 AND next_attempt_at > $1),
               (SELECT count(*) FROM scheduling.messages WHERE state = 'Sending' AND claimed_until >= now()),
               (SELECT count(*) FROM scheduling.dispatchers WHERE heartbeat_at > now() - make_interval(secs => $2)),
               (SELECT count(*) FROM scheduling.alerts WHERE state = 'Open'),
               (SELECT extract(epoch FROM $1 - min(created_at))::float8 FROM scheduling.alerts WHERE state = 'Open')
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;
    private readonly TimeSpan _maxAge;
    private readonly Lock _gate = new();
    private Figures? _last;
    private long _readAt;

    public OperationsGauges(IMeterFactory meters, NpgsqlDataSource dataSource, IClock clock, IConfiguration config)
    {
        _dataSource = dataSource;
        _clock = clock;
        _maxAge = config.GetValue("Metrics:GaugeMaxAge", TimeSpan.FromSeconds(5));
        var meter = meters.Create(SchedulingTelemetry.Name);
        meter.CreateObservableGauge(
            "scheduling_messages_due",
            () => Observe(f => f.Due),
            description: "Messages due now: planned and due, or sending under a lease that ran out."
        );
        meter.CreateObservableGauge(
            "scheduling_messages_in_backoff",
            () => Observe(f => f.InBackoff),
            description: "Messages planned again after a failed try, waiting for their next one."
        );
        meter.CreateObservableGauge(
            "scheduling_messages_sending",
            () => Observe(f => f.Sending),
            description: "Messages claimed by a dispatcher and being sent."
        );
        meter.CreateObservableGauge(
            "scheduling_dispatchers_alive",
            () => Observe(f => f.DispatchersAlive),
            description: "Dispatchers whose heartbeat is younger than 60 s."
        );
        meter.CreateObservableGauge(
            "scheduling_alerts_open",
            () => Observe(f => f.AlertsOpen),
            description: "Safety alerts not yet acknowledged."
        );
        meter.CreateObservableGauge(
            "scheduling_alerts_open_oldest_age_seconds",
            () => Observe(f => f.OldestAlertAge),
            description: "How long the oldest safety alert not yet acknowledged has been open (0 when none)."
        );
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<Figures, T> figure)
        where T : struct => Read() is { } figures ? [new Measurement<T>(figure(figures))] : [];

    private Figures? Read()
    {
        lock (_gate)
        {
            if (_last is not null && Stopwatch.GetElapsedTime(_readAt) < _maxAge)
            {
                return _last;
            }

            try
            {
                using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddWithValue(_clock.GetCurrentInstant());
                command.Parameters.AddWithValue(DispatcherHeartbeat.AliveWithin.TotalSeconds);
                using var row = command.ExecuteReader();
                row.Read();
                _last = new Figures(
                    row.GetInt64(0),
                    row.GetInt64(1),
                    row.GetInt64(2),
                    row.GetInt64(3),
                    row.GetInt64(4),
                    row.IsDBNull(5) ? 0 : Math.Max(0, row.GetDouble(5))
                );
                _readAt = Stopwatch.GetTimestamp();
                return _last;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                return null;
            }
        }
    }

    private sealed record Figures(
        long Due,
        long InBackoff,
        long Sending,
        long DispatchersAlive,
        long AlertsOpen,
        double OldestAlertAge
    );
}
