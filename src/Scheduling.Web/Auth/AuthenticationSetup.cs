using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;
using Scheduling.Web.Hosting;
using Scheduling.Web.Operations;

namespace Scheduling.Web.Auth;

/// <summary>
/// Cookie sign-in for the dashboard, bearer tokens for integrations; a request with an
/// Authorization header is judged by its token, any other by its cookie. Every endpoint needs a
/// signed-in user with a role unless it says otherwise.
/// </summary>
public static class AuthenticationSetup
{
    private const string CookieOrBearer = "CookieOrBearer";

    public static IServiceCollection AddSchedulingAuthentication(this IServiceCollection services)
    {
        services.AddSchedulingIdentity().AddSignInManager();
        services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearer;
                options.DefaultChallengeScheme = CookieOrBearer;
            })
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context
                        .Request.Headers.Authorization.ToString()
                        .StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme
            )
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
                options.BearerTokenExpiration = TimeSpan.FromHours(1)
            )
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.Cookie.Name = "scheduling.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                options.SlidingExpiration = true;
                // docs: README, "Users and sign-in": the security stamp is checked on every request.
                options.Events.OnValidatePrincipal = SessionChecks.ValidateCookieAsync;
                options.Events.OnRedirectToLogin = context =>
                    RedirectPagesOnly(
                        context.Request,
                        context.Response,
                        context.RedirectUri,
                        StatusCodes.Status401Unauthorized
                    );
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddCookie(IdentityConstants.ExternalScheme)
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, options =>
            {
                // Between the password and the code of the /login form; nothing else reads it.
                options.Cookie.Name = "scheduling.2fa";
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                options.SlidingExpiration = false;
            })
            // Never issued ("remember this browser" is not offered), but Identity's stamp check signs it out.
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme);
        services.AddSessionChecks();

        services
            .AddAuthorizationBuilder()
            .SetFallbackPolicy(StaffPolicy())
            .AddPolicy(Policies.Staff, StaffPolicy())
            .AddPolicy(Policies.FrontDesk, policy => policy.RequireRole(Roles.FrontDesk, Roles.Admin))
            .AddPolicy(Policies.Clinician, policy => policy.RequireRole(Roles.Clinician, Roles.Admin))
            .AddPolicy(Policies.CareTeam, policy => policy.RequireRole(Roles.FrontDesk, Roles.Clinician, Roles.Admin))
            .AddPolicy(Policies.Ops, policy => policy.RequireRole(Roles.Ops, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    private static AuthorizationPolicy StaffPolicy() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();

    /// <summary>A browser is sent to /login; an API client or a scraper of /metrics gets a plain 401.</summary>
    private static Task RedirectPagesOnly(HttpRequest request, HttpResponse response, string redirectUri, int apiStatus)
    {
        if (request.IsApi() || request.IsMetrics() || request.Headers.Authorization.Count > 0)
        {
            response.StatusCode = apiStatus;
        }
        else
        {
            response.Redirect(redirectUri);
        }

        return Task.CompletedTask;
    }
}
