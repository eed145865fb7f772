using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;
using Scheduling.Web.Hosting;

namespace Scheduling.Web.Auth;

/// <summary>
/// Every request is judged against the user's row as it is now, nothing cached. A cookie's security
/// stamp is checked on every request (Identity's validator, interval zero) and a bearer token's here,
/// since the bearer handler checks none: a disabled account, a new password or a second factor turned on
/// gives the old cookie or token a 401. Otherwise the principal is rebuilt from the database, so new
/// roles and clinics apply from the next request. Last, a user whose role needs a second factor and whose
/// session has none (not enrolled yet) reaches only the enrol page, the enrol API and sign-out.
/// </summary>
public static class SessionChecks
{
    public static IServiceCollection AddSessionChecks(this IServiceCollection services)
    {
        // AddIdentityCore leaves out the validator the cookie's OnValidatePrincipal calls.
        services.TryAddScoped<ISecurityStampValidator, SecurityStampValidator<IdentityUser>>();
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            options.OnRefreshingPrincipal = context =>
            {
                KeepFactors(context.CurrentPrincipal, context.NewPrincipal);
                return Task.CompletedTask;
            };
        });
        services
            .AddOptions<TwoFactorOptions>()
            .BindConfiguration(TwoFactorOptions.Section)
            .Validate(o => o.RequireTwoFactorFor.All(Roles.IsKnown), "Auth:RequireTwoFactorFor names an unknown role.")
            .ValidateOnStart();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<AuthenticatorEnrolment>();
        return services;
    }

    /// <summary>Between authentication and authorization.</summary>
    public static IApplicationBuilder UseSessionChecks(this IApplicationBuilder app) =>
        app.Use(
            async (context, next) =>
            {
                if (context.User.Identity?.IsAuthenticated == true && IsBearer(context.Request))
                {
                    context.User = await JudgeBearerAsync(context);
                }

                if (context.User.Identity?.IsAuthenticated == true && !MayPass(context))
                {
                    await SendToEnrolmentAsync(context);
                    return;
                }

                await next(context);
            }
        );

    public const string EnrolPage = "/account/two-factor";

    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The session's sign-in factors ("amr") survive the principal being rebuilt.</summary>
    public static void KeepFactors(ClaimsPrincipal? current, ClaimsPrincipal? rebuilt)
    {
        if (current is null || rebuilt?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var factor in current.FindAll(ClaimTypes.AuthenticationMethod).ToList())
        {
            if (!identity.HasClaim(ClaimTypes.AuthenticationMethod, factor.Value))
            {
                identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, factor.Value));
            }
        }
    }

    /// <summary>The cookie's check of the security stamp, in a service scope of its own (see below).</summary>
    public static Task ValidateCookieAsync(CookieValidatePrincipalContext context) =>
        InOwnScopeAsync(context.HttpContext, async () =>
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            return true;
        });

    /// <summary>
    /// Runs an account check before the request's user is settled in a service scope of its own, so that
    /// the request's own scope (its database context, whose clinic filters follow the signed-in user's
    /// clinics, docs/access.md) is built only once the user is known and judged.
    /// </summary>
    private static async Task<T> InOwnScopeAsync<T>(HttpContext context, Func<Task<T>> check)
    {
        var requestServices = context.RequestServices;
        await using var scope = requestServices.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            return await check();
        }
        finally
        {
            context.RequestServices = requestServices;
        }
    }

    private static Task<ClaimsPrincipal> JudgeBearerAsync(HttpContext context) =>
        InOwnScopeAsync(context, () => RebuildBearerPrincipalAsync(context));

    private static async Task<ClaimsPrincipal> RebuildBearerPrincipalAsync(HttpContext context)
    {
        var signIn = context.RequestServices.GetRequiredService<SignInManager<IdentityUser>>();
        var user = await signIn.ValidateSecurityStampAsync(context.User);
        if (user is null || UserAccounts.IsDisabled(user))
        {
            // Anonymous: the authorization step challenges, and the bearer handler answers 401.
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        KeepFactors(context.User, principal);
        return principal;
    }

    private static bool MayPass(HttpContext context)
    {
        var signIn = context.RequestServices.GetRequiredService<StaffSignIn>();
        if (StaffSignIn.HasSecondFactor(context.User) || !signIn.RequiresTwoFactor(context.User))
        {
            return true;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments(EnrolPage, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/logout", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/status", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task SendToEnrolmentAsync(HttpContext context)
    {
        if (!context.Request.IsApi())
        {
            context.Response.Redirect(EnrolPage);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results
            .Problem(statusCode: StatusCodes.Status403Forbidden, title: StaffSignIn.MustEnrolTitle)
            .ExecuteAsync(context);
    }
}
