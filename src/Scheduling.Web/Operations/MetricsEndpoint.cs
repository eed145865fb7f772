using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scheduling.Core.Identity;
using IPNetwork = System.Net.IPNetwork;

namespace Scheduling.Web.Operations;

/// <summary>
/// <c>GET /metrics</c>: the web host's meters in Prometheus text (docs/api-contract.md, "Operations"), for a
/// signed-in Ops or Admin user, or for anyone calling from an address in <c>Metrics__AllowFrom__0</c>, … (an
/// IP address or a network such as <c>10.0.0.0/8</c>: the scraper). Anyone else gets 401 (not signed in) or
/// 403, never a sign-in page. The web host also measures its requests (by route template, never by path).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private const string Policy = "Metrics";

    public static OpenTelemetryBuilder AddSchedulingMetricsEndpoint(this OpenTelemetryBuilder telemetry)
    {
        telemetry
            .Services.AddOptions<MetricsAccessOptions>()
            .BindConfiguration(MetricsAccessOptions.Section)
            .Validate(
                o => o.AllowFrom.All(a => MetricsAccessOptions.Parse(a) is not null),
                "Metrics:AllowFrom holds an entry that is neither an IP address nor a network such as 10.0.0.0/8."
            )
            .ValidateOnStart();
        telemetry.Services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        telemetry
            .Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddRequirements(new MetricsAccessRequirement()));
        return telemetry
            .WithMetrics(metrics =>
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0)
            )
            .WithTracing(tracing =>
                tracing.AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments(Path)
                )
            );
    }

    public static void MapSchedulingMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Policy);

    /// <summary>Whether a request is for /metrics, which answers a caller not signed in with 401.</summary>
    public static bool IsMetrics(this HttpRequest request) => request.Path.StartsWithSegments(Path);
}

public sealed class MetricsAccessOptions
{
    public const string Section = "Metrics";

    /// <summary>Addresses and networks that may scrape without signing in.</summary>
    public List<string> AllowFrom { get; set; } = [];

    /// <summary>A network as written (<c>10.0.0.0/8</c>), or one address as a network of its own, or null.</summary>
    public static IPNetwork? Parse(string entry)
    {
        if (IPNetwork.TryParse(entry, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(entry, out var address)
            ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
            : null;
    }
}

internal sealed class MetricsAccessRequirement : IAuthorizationRequirement;

/// <summary>Ops and Admin may read the metrics, and so may the addresses allowed to scrape.</summary>
internal sealed class MetricsAccessHandler(IOptions<MetricsAccessOptions> options)
    : AuthorizationHandler<MetricsAccessRequirement>
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options
        .Value.AllowFrom.Select(a => MetricsAccessOptions.Parse(a)!.Value)
        .ToList();

    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        MetricsAccessRequirement requirement
    )
    {
        var address = (context.Resource as HttpContext)?.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        if (
            context.User.IsInRole(Roles.Ops)
            || context.User.IsInRole(Roles.Admin)
            || (address is not null && _allowed.Any(network => network.Contains(address)))
        )
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
