using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;

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
    DispatchSignal signal,
    IClock clock,
    IOptions<DispatchOptions> options,
    ILogger<MessageDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(2);

    public string Worker { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceRecovery = Stopwatch.StartNew();
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (first || sinceRecovery.Elapsed > RecoveryInterval)
                {
                    var recovered = await queue.RecoverExpiredClaimsAsync(Worker, clock.GetCurrentInstant(), stoppingToken);
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
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database restarting, or a failover: what was claimed comes back when its lease runs out.
                LogRoundFailed(exception);
                await Task.Delay(ErrorPause, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} message(s) claimed by a stopped worker went back to the queue")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A dispatch round failed; trying again shortly")]
    private partial void LogRoundFailed(Exception exception);
}
