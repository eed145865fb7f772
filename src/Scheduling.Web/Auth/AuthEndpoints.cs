using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Scheduling.Core.Identity;

namespace Scheduling.Web.Auth;

public static class AuthEndpoints
{
    public const string LoginRateLimit = "login";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/auth/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(LoginRateLimit)
            .WithTags("Authentication")
            .WithSummary("Exchange an email and password for a bearer token (accessToken, expiresIn in seconds).");
        endpoints.MapGet("/api/auth/me", (ClaimsPrincipal user) => new CurrentUser(
                user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                user.Identity?.Name ?? "",
                Roles.All.Where(user.IsInRole).ToList()))
            .WithTags("Authentication")
            .WithSummary("Who the token or cookie belongs to, and which roles it carries.");
    }

    /// <summary>On success the bearer handler writes { tokenType, accessToken, expiresIn, refreshToken } itself.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest? request, SignInManager<IdentityUser> signIn)
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

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request!.Email!, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: result.IsLockedOut ? "This account is locked for a while after too many failed sign-ins." : "The email or password is not right.");
    }
}

public sealed record LoginRequest(string? Email, string? Password);

public sealed record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles);
