using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Hosting;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// Twilio's webhooks are trusted by their signature, not throttled by their address, and the per-address
/// limit sees the client a configured proxy names. Each request states the address it comes from (the
/// test host has no sockets), with the default limits: 120 public requests a minute per address.
/// </summary>
public sealed class PublicLimitTests(PublicLimitTests.ProxiedApp app) : IClassFixture<PublicLimitTests.ProxiedApp>
{
    private const int PublicPerMinute = 120;
    private const string Proxy = "10.0.0.2";
    private const string StatusPath = "/webhooks/twilio/status";
    private const string AccountToken = "the account's token";

    private async Task<HttpStatusCode> SurveyGetAsync(string from, string? forwardedFor = null)
    {
        var page = new Uri($"/s/{SurveyToken.Mint().Token}", UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add(PeerAddress.Header, from);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var client = app.CreateClient();
        return (await client.SendAsync(request)).StatusCode;
    }

    /// <summary>A delivery status callback, signed as Twilio signs it unless told otherwise.</summary>
    private async Task<HttpStatusCode> StatusCallbackAsync(string from, int n, string signedWith = AccountToken)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = $"SM{n:D32}",
            ["AccountSid"] = FakeTwilioServer.DefaultAccountSid,
            ["MessageStatus"] = "delivered",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(StatusPath, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Add(PeerAddress.Header, from);
        if (signedWith != "nothing")
        {
            var token = signedWith == AccountToken ? app.Twilio.AuthToken : signedWith;
            var signature = TwilioRequestSigner.Sign(token, MessagingApp.PublicBaseUrl + StatusPath, form);
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        using var client = app.CreateClient();
        return (await client.SendAsync(request)).StatusCode;
    }

    private static void AssertAccepted(IEnumerable<HttpStatusCode> statuses) =>
        Assert.All(statuses, s => Assert.True((int)s is >= 200 and < 300, $"Expected a 2xx, got {(int)s}."));

    [Fact]
    public async Task SignedStatusCallbacks_AreAllAccepted_WhileTheSameAddressIsHeldToThePublicLimit()
    {
        const string twilio = "198.51.100.7";
        var signed = new List<HttpStatusCode>();
        for (var n = 0; n < 300; n++)
        {
            signed.Add(await StatusCallbackAsync(twilio, n));
        }

        var pages = new List<HttpStatusCode>();
        for (var i = 0; i <= PublicPerMinute; i++)
        {
            pages.Add(await SurveyGetAsync(twilio));
        }

        var unsigned = await StatusCallbackAsync(twilio, 1000, signedWith: "nothing");
        var forged = await StatusCallbackAsync(twilio, 1001, signedWith: "not-the-token");
        var signedAfterwards = await StatusCallbackAsync(twilio, 1002);

        AssertAccepted(signed);
        Assert.All(pages.Take(PublicPerMinute), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, pages[^1]);
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (unsigned, forged));
        AssertAccepted([signedAfterwards]);
    }

    [Fact]
    public async Task UnsignedOrForgedWebhooks_Get403_AndCountAgainstTheirAddress()
    {
        const string stranger = "198.51.100.9";

        var unsigned = await StatusCallbackAsync(stranger, 2000, signedWith: "nothing");
        var forged = await StatusCallbackAsync(stranger, 2001, signedWith: "not-the-token");
        var pages = new List<HttpStatusCode>();
        for (var i = 2; i <= PublicPerMinute; i++)
        {
            pages.Add(await SurveyGetAsync(stranger));
        }

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (unsigned, forged));
        Assert.All(pages.Take(PublicPerMinute - 2), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, pages[^1]);
    }

    [Fact]
    public async Task ClientsBehindAConfiguredProxy_EachGetTheirOwnLimit()
    {
        var first = new List<HttpStatusCode>();
        for (var i = 0; i <= PublicPerMinute; i++)
        {
            first.Add(await SurveyGetAsync(Proxy, forwardedFor: "203.0.113.1"));
        }

        var second = await SurveyGetAsync(Proxy, forwardedFor: "203.0.113.2");

        Assert.All(first.Take(PublicPerMinute), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal(HttpStatusCode.NotFound, second);
    }

    [Theory]
    [InlineData("10.0.0.3")]
    [InlineData("127.0.0.1")]
    public async Task ForwardedFor_FromAnAddressNotConfiguredAsAProxy_IsIgnored(string unconfigured)
    {
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < PublicPerMinute; i++)
        {
            first.Add(await SurveyGetAsync(unconfigured, forwardedFor: $"203.0.113.{10 + i}"));
        }

        var other = await SurveyGetAsync(unconfigured, forwardedFor: "203.0.113.250");

        Assert.All(first, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, other);
    }

    [Fact]
    public void ForwardedHeaders_AreBelievedFromLoopbackOnly_WhenNoProxyIsConfigured()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddForwardedHeadersFromConfiguration().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([IPAddress.IPv6Loopback], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("127.0.0.0/8")], options.KnownIPNetworks);
        Assert.Equal(
            ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            options.ForwardedHeaders
        );
    }

    public sealed class ProxiedApp : MessagingApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
            var perMinute = PublicPerMinute.ToString(CultureInfo.InvariantCulture);
            builder.UseSetting("RateLimits:PublicRequestsPerMinute", perMinute);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddress>());
        }
    }

    /// <summary>Sets the connection's remote address from a test header, before any middleware of the host.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(
                    (context, following) =>
                    {
                        if (context.Request.Headers.TryGetValue(Header, out var peer))
                        {
                            context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                        }

                        return following(context);
                    }
                );
                next(app);
            };
    }
}
