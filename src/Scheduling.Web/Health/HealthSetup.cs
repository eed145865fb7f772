using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;

namespace Scheduling.Web.Health;

/// <summary>
/// /health/live says the process answers; /health/ready says it can do its work: the database answers,
/// its schema is current, Hangfire's storage answers, and messages that are due have a dispatcher alive
/// to send them (the body also gives <c>dispatchers</c> alive and <c>dueMessages</c>).
/// </summary>
public static class HealthSetup
{
    private const string Ready = "ready";

    public static IServiceCollection AddSchedulingHealthChecks(this IServiceCollection services)
    {
        services
            .AddHealthChecks()
            .AddCheck<SchemaHealthCheck>("database", tags: [Ready])
            .AddCheck<HangfireStorageHealthCheck>("hangfire", tags: [Ready])
            .AddCheck<DispatchersHealthCheck>(DispatchersHealthCheck.Name, tags: [Ready]);
        return services;
    }

    public static void MapSchedulingHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapHealthChecks(
                "/health/live",
                new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync }
            )
            .AllowAnonymous();
        endpoints
            .MapHealthChecks(
                "/health/ready",
                new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync }
            )
            .AllowAnonymous();
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new { status = e.Value.Status.ToString(), description = e.Value.Description }
        );
        object body =
            report.Entries.TryGetValue(DispatchersHealthCheck.Name, out var dispatch)
            && dispatch.Data.TryGetValue(DispatchersHealthCheck.Alive, out var alive)
            && dispatch.Data.TryGetValue(DispatchersHealthCheck.Due, out var due)
                ? new
                {
                    status = report.Status.ToString(),
                    checks,
                    dispatchers = alive,
                    dueMessages = due,
                }
                : new { status = report.Status.ToString(), checks };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}

internal sealed class SchemaHealthCheck(SchemaStatus schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var report = await schema.CheckAsync(cancellationToken);
            return report.IsCurrent
                ? HealthCheckResult.Healthy(report.Describe())
                : HealthCheckResult.Unhealthy(report.Describe());
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

internal sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"Hangfire storage answers; {servers} server(s) alive."));
        }
        catch (Exception exception)
            when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage does not answer."));
        }
    }
}

/// <summary>
/// Due messages with no dispatcher alive (none has stamped its heartbeat within 60 s on the database's
/// clock) would wait silently: unhealthy. Messages due while a dispatcher is alive are its work, and the
/// watchdog job says when they run late.
/// </summary>
internal sealed class DispatchersHealthCheck(DispatcherHeartbeat heartbeat, IClock clock) : IHealthCheck
{
    public const string Name = "dispatchers";
    public const string Alive = "dispatchers";
    public const string Due = "dueMessages";

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var (alive, due) = await heartbeat.ReadAsync(clock.GetCurrentInstant(), cancellationToken);
            var data = new Dictionary<string, object> { [Alive] = alive, [Due] = due };
            var description = $"{alive} dispatcher(s) alive; {due} message(s) due.";
            return due > 0 && alive == 0
                ? HealthCheckResult.Unhealthy($"{description} None alive for 60 s: start a worker.", data: data)
                : HealthCheckResult.Healthy(description, data);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
