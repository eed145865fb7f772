using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Access;

/// <summary>
/// How answers travel outside local mode: security headers on every page and API answer, HSTS only over https
/// (directly or as a known proxy says), plain http redirected when the https port is known, Secure cookies.
/// Each request states the address it comes from (the test server has no sockets).
/// </summary>
public sealed class TransportSecurityTests(
    TransportSecurityTests.TlsApp app,
    TransportSecurityTests.LocalApp local,
    SchedulingApp plain
)
    : IClassFixture<TransportSecurityTests.TlsApp>,
        IClassFixture<TransportSecurityTests.LocalApp>,
        IClassFixture<SchedulingApp>
{
    private const string PublicHost = "clinic.example.test";
    private const string Loopback = "127.0.0.1";
    private const string Stranger = "203.0.113.9";

    private static HttpClient Client(SchedulingApp host, string scheme) =>
        host.CreateClient(
            new()
            {
                AllowAutoRedirect = false,
                HandleCookies = false,
                BaseAddress = new Uri($"{scheme}://{PublicHost}"),
            }
        );

    private static Dictionary<string, string> From(string peer, string? forwardedProto = null)
    {
        var headers = new Dictionary<string, string> { [PeerAddress.Header] = peer };
        if (forwardedProto is not null)
        {
            headers["X-Forwarded-Proto"] = forwardedProto;
        }

        return headers;
    }

    private static async Task<HttpResponseMessage> GetAsync(
        HttpClient client,
        string path,
        Dictionary<string, string> headers
    )
    {
        using var request = CookieSignIn.Request(HttpMethod.Get, path, headers);
        return await client.SendAsync(request);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), $"{what}: no nosniff");
        Assert.Equal("nosniff", Assert.Single(nosniff));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/today", HttpStatusCode.Redirect)]
    [InlineData("/api/auth/me", HttpStatusCode.Unauthorized)]
    [InlineData("/api/clinics", HttpStatusCode.Unauthorized)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/s/not-a-token", HttpStatusCode.NotFound)]
    [InlineData("/no/such/page", HttpStatusCode.Redirect)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path, HttpStatusCode expected)
    {
        using var client = Client(app, "https");

        var response = await GetAsync(client, path, From(Loopback));

        Assert.Equal(expected, response.StatusCode);
        AssertSecurityHeaders(response, path);
    }

    [Theory]
    [InlineData(Roles.FrontDesk, "/today")]
    [InlineData(Roles.Admin, "/settings")]
    [InlineData(Roles.Admin, "/api/clinics")]
    [InlineData(Roles.Ops, "/ops/delivery")]
    public async Task SignedInPagesAndApiAnswers_CarryTheSecurityHeaders(string role, string path)
    {
        using var client = Client(app, "https");
        var signedIn = await CookieSignIn.SignInAsync(client, role, From(Loopback));
        var headers = From(Loopback);
        headers["Cookie"] = signedIn.Cookies;

        var response = await GetAsync(client, path, headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, path);
    }

    [Fact]
    public async Task Hsts_IsSentOverHttps_AndNeverOverPlainHttp()
    {
        using var https = Client(app, "https");
        using var http = Client(app, "http");

        var overTls = await GetAsync(https, "/login", From(Stranger));
        var plain = await GetAsync(http, "/health/live", From(Loopback));

        var hsts = Assert.Single(overTls.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHttps_FromAKnownProxy_IsHttps_WithHsts_AndNoRedirect()
    {
        using var http = Client(app, "http");

        var response = await GetAsync(http, "/login", From(Loopback, forwardedProto: "https"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHttps_FromAnUnknownAddress_IsIgnored_SoPlainHttpIsRedirected()
    {
        using var http = Client(app, "http");

        var response = await GetAsync(http, "/login", From(Stranger, forwardedProto: "https"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://{PublicHost}/login", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        AssertSecurityHeaders(response, "redirect");
    }

    [Fact]
    public async Task PlainHttp_ThatAProxySaysCameOverHttp_IsRedirectedToHttps_ButHealthChecksAreAnswered()
    {
        using var http = Client(app, "http");

        var page = await GetAsync(http, "/today?day=2026-11-26", From(Loopback, forwardedProto: "http"));
        var health = await GetAsync(http, "/health/live", From(Loopback, forwardedProto: "http"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal($"https://{PublicHost}/today?day=2026-11-26", page.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Cookies_AreSecureHttpOnlyAndLax_OutsideLocalMode()
    {
        using var client = Client(app, "https");

        var signedIn = await CookieSignIn.SignInAsync(client, Roles.FrontDesk, From(Loopback));

        var auth = CookieSignIn.SetCookie(signedIn.SignedIn, "scheduling.auth=");
        var antiforgery = CookieSignIn.SetCookie(signedIn.FormPage, ".AspNetCore.Antiforgery.");
        Assert.NotNull(auth);
        Assert.NotNull(antiforgery);
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Outside local mode with no https port known, as behind a proxy or in `docker compose`.</summary>
    [Fact]
    public async Task PlainHttp_WithNoHttpsPortKnown_IsServed_WithoutHsts_AndTheSignInCookieStaysSecure()
    {
        using var http = Client(plain, "http");

        var form = await GetAsync(http, "/login", new());
        var health = await GetAsync(http, "/health/ready", new());
        var signedIn = await CookieSignIn.SignInAsync(http, Roles.FrontDesk);

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(form.Headers.Contains("Strict-Transport-Security"));
        AssertSecurityHeaders(form, "plain /login");
        var auth = CookieSignIn.SetCookie(signedIn.SignedIn, "scheduling.auth=");
        Assert.NotNull(auth);
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LocalMode_OnPlainHttp_SignsIn_WithNoRedirect_NoHsts_AndCookiesForHttp()
    {
        using var http = Client(local, "http");

        var signedIn = await CookieSignIn.SignInAsync(http, Roles.FrontDesk, From(Loopback));
        var headers = From(Loopback);
        headers["Cookie"] = signedIn.Cookies;
        var today = await GetAsync(http, "/today", headers);

        Assert.Equal(HttpStatusCode.OK, signedIn.FormPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
        var auth = CookieSignIn.SetCookie(signedIn.SignedIn, "scheduling.auth=");
        Assert.NotNull(auth);
        Assert.DoesNotContain("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.False(today.Headers.Contains("Strict-Transport-Security"));
        AssertSecurityHeaders(today, "local /today");
    }

    /// <summary>Knows its public https port (443, behind a TLS proxy): plain http has somewhere to go.</summary>
    public sealed class TlsApp : SchedulingApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("HTTPS_PORT", "443");
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddress>());
        }
    }

    /// <summary>Local mode, as ops/run-local.sh runs it: plain http on loopback.</summary>
    public sealed class LocalApp : SchedulingApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Local");
            builder.UseSetting("Sms:Mode", "");
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
