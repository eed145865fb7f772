using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Scheduling.Web.Hosting;

/// <summary>
/// X-Forwarded-For, -Proto and -Host are believed only from the proxies configured here
/// (`ForwardedHeaders__KnownProxies__0`, `ForwardedHeaders__KnownNetworks__0`, …), and from loopback when
/// none is configured, as ASP.NET Core does; a configured list replaces that default. Behind such a proxy
/// the per-address limits see the real client; from any other address the headers are ignored.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddForwardedHeadersFromConfiguration(this IServiceCollection services)
    {
        services
            .AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .Validate(
                p => p.KnownProxies.All(a => IPAddress.TryParse(a, out _)),
                "ForwardedHeaders:KnownProxies holds an entry that is not an IP address."
            )
            .Validate(
                p => p.KnownNetworks.All(n => IPNetwork.TryParse(n, out _)),
                "ForwardedHeaders:KnownNetworks holds an entry that is not a network such as 10.0.0.0/8."
            )
            .ValidateOnStart();
        services
            .AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ProxyOptions>>(
                (forwarded, proxies) =>
                {
                    forwarded.ForwardedHeaders =
                        ForwardedHeaders.XForwardedFor
                        | ForwardedHeaders.XForwardedProto
                        | ForwardedHeaders.XForwardedHost;

                    // Every hop is checked against the lists: a chain of known proxies is walked to the first other
                    // address.
                    forwarded.ForwardLimit = null;
                    var (addresses, networks) = (proxies.Value.KnownProxies, proxies.Value.KnownNetworks);
                    if (addresses.Count == 0 && networks.Count == 0)
                    {
                        return;
                    }

                    forwarded.KnownProxies.Clear();
                    forwarded.KnownIPNetworks.Clear();
                    foreach (var address in addresses)
                    {
                        forwarded.KnownProxies.Add(IPAddress.Parse(address));
                    }

                    foreach (var network in networks)
                    {
                        forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
                    }
                }
            );
        return services;
    }
}

public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];
}
