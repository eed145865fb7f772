using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>
/// The messaging host with a scraper's network allowed (<see cref="AllowedNetwork"/>) and gauges read fresh on
/// every scrape. The test server has no sockets, so a request has no remote address of its own: a request that
/// carries <see cref="FromHeader"/> arrives from the address it names, as if over a connection from there.
/// </summary>
public sealed class MetricsApp : MessagingApp
{
    public const string AllowedNetwork = "192.0.2.0/24";
    public const string FromHeader = "X-Test-Remote-Address";

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Metrics:AllowFrom:0", AllowedNetwork);
        builder.UseSetting("Metrics:GaugeMaxAge", "00:00:00");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressFilter()));
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(
                    (context, following) =>
                    {
                        if (context.Request.Headers.TryGetValue(FromHeader, out var from))
                        {
                            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(from.ToString());
                        }

                        return following(context);
                    }
                );
                next(app);
            };
    }
}

/// <summary>
/// The scheduling meter's instruments are named per process: tests that read their values run alone, so that no
/// other test host sends messages meanwhile.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
