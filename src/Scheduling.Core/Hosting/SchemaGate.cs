using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Hosting;

/// <summary>
/// Runs before anything else starts (it is registered first). No silent auto-migration: a host
/// started against an old schema stops with a message that says to run `migrate`.
/// </summary>
internal sealed class SchemaGate(IServiceScopeFactory scopes, ILogger<SchemaGate> logger) : IHostedService
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await CheckWithPatienceAsync(cancellationToken);
        if (!report.IsCurrent)
        {
            throw new SchemaBehindException(report.Describe());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A database that is restarting during a deploy gets a little time before the host gives up.</summary>
    private async Task<SchemaReport> CheckWithPatienceAsync(CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<SchemaStatus>().CheckAsync(cancellationToken);
            }
            catch (NpgsqlException exception) when (exception.IsTransient && waiting.Elapsed < ConnectPatience)
            {
                logger.LogWarning("Database not reachable yet ({Error}); retrying", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}

public sealed class SchemaBehindException(string message) : Exception(message);
