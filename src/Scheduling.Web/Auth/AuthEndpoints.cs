using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;

namespace Scheduling.Web.Auth;

public static class AuthEndpoints
{
    public const string LoginRateLimit = "login";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapPost("/api/auth/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(LoginRateLimit)
            .WithTags("Authentication")
            .WithSummary("Exchange an email and password (and twoFactorCode where needed) for a bearer token.")
            .WithDescription(
                "200 { tokenType, accessToken, expiresIn (seconds), refreshToken }. 401 with one title for an unknown "
                    + "email, a wrong password, a locked or a disabled account. "
                    + "After the right password, a 401 says when "
                    + "twoFactorCode is missing or wrong, "
                    + "or when the user's role needs a second factor not yet enrolled "
                    + "(they enrol by signing in at /login in a browser, which opens only the enrol page)."
            );
        endpoints
            .MapPost("/api/auth/refresh", RefreshAsync)
            .AllowAnonymous()
            .RequireRateLimiting(LoginRateLimit)
            .WithTags("Authentication")
            .WithSummary("Exchange a refreshToken for a new token pair.")
            .WithDescription(
                "A refresh token lasts 14 days, and only while the account stays enabled and its security stamp "
                    + "unchanged (a new password, a second factor turned on, the account disabled end it). 200 with a "
                    + "new { accessToken, expiresIn, refreshToken } carrying the account's roles and clinics as they "
                    + "are now; 401 otherwise."
            );
        endpoints
            .MapPost("/api/auth/2fa/setup", SetupTwoFactorAsync)
            .WithTags("Authentication")
            .WithSummary("Start enrolling an authenticator app: a new shared key and its otpauth:// URI.")
            .WithDescription("409 when a second factor is already on for the account.");
        endpoints
            .MapPost("/api/auth/2fa/enable", EnableTwoFactorAsync)
            .WithTags("Authentication")
            .WithSummary("Turn the second factor on with a { code } from the app.")
            .WithDescription(
                "Every other session of the account ends (a new security stamp); a bearer caller gets a new token "
                    + "pair in the answer, a cookie caller a new cookie (204). 400 when the code is wrong."
            );
        endpoints
            .MapGet("/api/auth/me", (ClaimsPrincipal user) =>
                new CurrentUser(
                    user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                    user.Identity?.Name ?? "",
                    Roles.All.Where(user.IsInRole).ToList(),
                    ClinicClaims.LimitedTo(user)?.Order().ToList() ?? [],
                    StaffSignIn.HasSecondFactor(user)
                )
            )
            .WithTags("Authentication")
            .WithSummary("Who the token or cookie belongs to, and which roles it carries.");
    }

    /// <summary>
    /// On success the bearer handler writes { tokenType, accessToken, expiresIn, refreshToken } itself.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest? request,
        SignInManager<IdentityUser> signIn,
        StaffSignIn staff,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Email))
        {
            errors["email"] = ["Enter the email address you sign in with."];
        }
        else if (!new EmailAddressAttribute().IsValid(request.Email))
        {
            errors["email"] = ["This is not an email address."];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["Enter your password."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var attempt = await staff.CheckPasswordAsync(request!.Email!, request.Password!, cancellationToken);
        if (attempt is { Step: SignInStep.CodeNeeded, User: { } user })
        {
            attempt = await staff.CheckCodeAsync(user, request.TwoFactorCode, cancellationToken);
        }

        if (attempt is not { Step: SignInStep.SignedIn, User: { } signedIn })
        {
            return Unauthorized(
                attempt.Step switch
                {
                    SignInStep.CodeNeeded => StaffSignIn.CodeNeededTitle,
                    SignInStep.CodeWrong => StaffSignIn.CodeWrongTitle,
                    SignInStep.MustEnrol => StaffSignIn.MustEnrolTitle,
                    _ => StaffSignIn.RefusedTitle,
                }
            );
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInWithClaimsAsync(signedIn, isPersistent: false, [Factors(attempt.Factors)]);
        return TypedResults.Empty;
    }

    /// <summary>
    /// A refresh token is good until it expires (14 days), while the account is enabled and its security
    /// stamp unchanged; each use hands out a new pair from the account as it is now.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request,
        SignInManager<IdentityUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer
    )
    {
        if (string.IsNullOrWhiteSpace(request?.RefreshToken))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["refreshToken"] = ["Send the refreshToken of the last sign-in or refresh."],
                }
            );
        }

        var options = bearer.Get(IdentityConstants.BearerScheme);
        var ticket = options.RefreshTokenProtector.Unprotect(request.RefreshToken);
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (
            ticket?.Properties.ExpiresUtc is not { } expires
            || now >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || UserAccounts.IsDisabled(user)
            || !await signIn.CanSignInAsync(user)
        )
        {
            return Unauthorized("The refresh token is not valid any more; sign in again.");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        SessionChecks.KeepFactors(ticket.Principal, principal);
        await signIn.Context.SignInAsync(IdentityConstants.BearerScheme, principal);
        return TypedResults.Empty;
    }

    /// <summary>A new authenticator key while none is enabled; the old key, if any, stops working.</summary>
    private static async Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> SetupTwoFactorAsync(
        ClaimsPrincipal principal,
        AuthenticatorEnrolment enrolment
    )
    {
        var setup = await enrolment.StartAsync(principal, renew: true);
        return setup is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Two-factor sign-in is already on for this account."
            )
            : TypedResults.Ok(setup);
    }

    /// <summary>Turns the second factor on; the account's other sessions end, this one is signed in anew.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> EnableTwoFactorAsync(
        EnableTwoFactorRequest? request,
        ClaimsPrincipal principal,
        HttpContext context,
        AuthenticatorEnrolment enrolment,
        SignInManager<IdentityUser> signIn,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(request?.Code))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["code"] = ["Enter the six-digit code your authenticator app shows."],
                }
            );
        }

        var outcome = await enrolment.EnableAsync(principal, request.Code, cancellationToken);
        switch (outcome)
        {
            case { Result: EnrolmentResult.NoKey }:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Call /api/auth/2fa/setup first."
                );
            case { Result: EnrolmentResult.WrongCode }:
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["code"] = [StaffSignIn.CodeWrongTitle] }
                );
        }

        var scheme = SessionChecks.IsBearer(context.Request)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInWithClaimsAsync(outcome.User!, isPersistent: false, [Factors(StaffSignIn.MultiFactor)]);
        if (scheme == IdentityConstants.ApplicationScheme)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        return TypedResults.Empty;
    }

    private static Claim Factors(string factors) => new(ClaimTypes.AuthenticationMethod, factors);

    private static ProblemHttpResult Unauthorized(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);
}

public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record EnableTwoFactorRequest(string? Code);

/// <summary>clinicIds empty: every clinic; secondFactor: signed in with an authenticator code.</summary>
public sealed record CurrentUser(
    string Id,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> ClinicIds,
    bool SecondFactor
);
