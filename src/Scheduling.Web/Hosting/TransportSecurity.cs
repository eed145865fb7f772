using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Scheduling.Core;

namespace Scheduling.Web.Hosting;

/// <summary>
/// What every answer carries, and how it travels. Outside local mode: HSTS on every request that came over
/// TLS (directly, or from a known proxy whose X-Forwarded-Proto says https; see <see cref="ForwardedHeadersSetup"/>),
/// plain http redirected to https when the host knows its https port, and every cookie Secure. Plain http on
/// loopback with no https port known, as the tests and a TLS-terminating proxy use, is served as it is.
/// </summary>
public static class TransportSecurity
{
    /// <summary>
    /// No script or style from elsewhere, no inline script, no framing. Style attributes stay: the Today grid
    /// places each session with one, and an attribute cannot load or select anything the policy forbids.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
        + "img-src 'self' data:; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'";

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SecureCookies>();
        services.AddSingleton<IPostConfigureOptions<AntiforgeryOptions>, SecureCookies>();
        return services;
    }

    /// <summary>Before anything that may answer, so errors, redirects and static files carry the headers too.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
        if (!app.Environment.IsLocal())
        {
            app.UseHsts();
            app.UseWhen(
                context => !context.Request.Path.StartsWithSegments("/health"),
                https => https.UseHttpsRedirection()
            );
        }

        return app;
    }

    /// <summary>
    /// Sign-in cookies are Secure outside local mode, whatever the scheme that signed in; local mode runs on plain
    /// http. The anti-forgery cookie is Secure over https only (its default is never): with Always, anti-forgery
    /// throws on any plain-http request, and the sign-in form on loopback would fail instead of opening.
    /// </summary>
    private sealed class SecureCookies(IHostEnvironment environment)
        : IPostConfigureOptions<CookieAuthenticationOptions>,
            IPostConfigureOptions<AntiforgeryOptions>
    {
        public void PostConfigure(string? name, AntiforgeryOptions options) =>
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        public void PostConfigure(string? name, CookieAuthenticationOptions options) =>
            options.Cookie.SecurePolicy = environment.IsLocal()
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
    }
}
