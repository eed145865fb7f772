using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The loop that drains due messages in every process that runs a Hangfire server. A Hangfire job per
/// message tops out in the hundreds per second here (docs/performance.md, "Baselines of this kind of
/// machine"), so the messages table itself is the queue; Hangfire's recurring jobs watch over it (see
/// MessagingJobs).
/// </summary>
public sealed partial class MessageDispatcher(
    DispatchRound round,
    MessageQueue queue,
    DispatcherHeartbeat heartbeat,
    DispatchSignal signal,
    IClock clock,
    IOptions<DispatchOptions> options,
    ILogger<MessageDispatcher> logger
) : BackgroundService
{
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(2);

    public string Worker { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var beating = BeatAsync(stoppingToken);
        try
        {
            await DispatchAsync(stoppingToken);
        }
        finally
        {
            await beating;
            await LeaveAsync();
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var sinceRecovery = Stopwatch.StartNew();
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (first || sinceRecovery.Elapsed > RecoveryInterval)
                {
                    var recovered = await queue.RecoverExpiredClaimsAsync(
                        Worker,
                        clock.GetCurrentInstant(),
                        stoppingToken
                    );
                    if (recovered > 0)
                    {
                        LogRecovered(recovered);
                    }

                    sinceRecovery.Restart();
                    first = false;
                }

                if (await round.RunAsync(Worker, stoppingToken) == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database restarting, a failover, or a fault no one foresaw: the loop, and with it every
                // other message, carries on; what was claimed comes back when its lease runs out.
                LogRoundFailed(exception);
                await PauseAsync(stoppingToken);
            }
        }
    }

    private static async Task PauseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(ErrorPause, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends at its next check.
        }
    }

    /// <summary>Stamps this dispatcher's row every few seconds until the host stops.</summary>
    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DispatcherHeartbeat.Interval);
        var first = true;
        try
        {
            do
            {
                try
                {
                    await (
                        first ? heartbeat.StartAsync(Worker, stoppingToken) : heartbeat.BeatAsync(Worker, stoppingToken)
                    );
                    first = false;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogHeartbeatFailed(exception);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>On a clean stop the row goes at once, so no one counts a stopped dispatcher as alive.</summary>
    private async Task LeaveAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await heartbeat.StopAsync(Worker, limit.Token);
        }
        catch (Exception exception)
            when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogHeartbeatFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dispatcher's heartbeat could not be written")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Count} message(s) claimed by a stopped worker went back to the queue"
    )]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A dispatch round failed; trying again shortly")]
    private partial void LogRoundFailed(Exception exception);
}
