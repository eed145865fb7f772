using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Scheduling.Core.Audit;
using Scheduling.Core.Persistence;
using Scheduling.Core.Users;

namespace Scheduling.Web.Auth;

/// <summary>
/// The one password check of the cookie form and the API. Unknown email, wrong password, a locked and a
/// disabled account all get <see cref="SignInStep.Refused"/> (one message), and each of them verifies a
/// password hash, so that neither the answer nor the work done tells whether an account exists. Only
/// after the right password does it say that a second factor is needed, wrong, or must first be enrolled.
/// Every attempt is audited: the user's id when known, else a hash of the email tried; never a password.
/// </summary>
public sealed class StaffSignIn(
    UserManager<IdentityUser> users,
    IPasswordHasher<IdentityUser> hasher,
    IOptions<TwoFactorOptions> twoFactor,
    AuditLog audit,
    SchedulingDbContext db
)
{
    public const string RefusedTitle = "The email or password is not right.";
    public const string CodeNeededTitle = "Enter the six-digit code from your authenticator app (twoFactorCode).";
    public const string CodeWrongTitle = "The authenticator code is not right.";
    public const string MustEnrolTitle =
        "Your role signs in with a second factor, and you have not set one up yet: sign in at /login in a browser, "
        + "which takes you to the page that sets up an authenticator app.";

    /// <summary>The "amr" values a session carries: password only, or password and authenticator.</summary>
    public const string Password = "pwd";
    public const string MultiFactor = "mfa";

    private static readonly IdentityUser Nobody = new() { Id = Guid.Empty.ToString(), UserName = "nobody" };

    private static string? _nobodysHash;

    public async Task<SignInAttempt> CheckPasswordAsync(
        string email,
        string password,
        CancellationToken cancellationToken
    )
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            SpendTheSameWork(password);
            var tried = new { emailHash = EmailHash(email), reason = "unknown" };
            await RecordAsync("sign-in-failed", null, tried, cancellationToken);
            return new SignInAttempt(SignInStep.Refused, null);
        }

        if (await users.IsLockedOutAsync(user))
        {
            SpendTheSameWork(password);
            var reason = UserAccounts.IsDisabled(user) ? "disabled" : "locked";
            await RecordAsync("sign-in-failed", user, new { reason }, cancellationToken);
            return new SignInAttempt(SignInStep.Refused, null);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await RecordAsync(
                locked ? "locked-out" : "sign-in-failed",
                user,
                new { reason = "password" },
                cancellationToken
            );
            return new SignInAttempt(SignInStep.Refused, null);
        }

        if (user.TwoFactorEnabled)
        {
            return new SignInAttempt(SignInStep.CodeNeeded, user);
        }

        if (await RequiresTwoFactorAsync(user))
        {
            await users.ResetAccessFailedCountAsync(user);
            await RecordAsync("signed-in", user, new { factors = Password, enrolmentOnly = true }, cancellationToken);
            return new SignInAttempt(SignInStep.MustEnrol, user);
        }

        await users.ResetAccessFailedCountAsync(user);
        await RecordAsync("signed-in", user, new { factors = Password }, cancellationToken);
        return new SignInAttempt(SignInStep.SignedIn, user);
    }

    /// <summary>The second step, after the right password; a wrong code counts towards the lockout.</summary>
    public async Task<SignInAttempt> CheckCodeAsync(
        IdentityUser user,
        string? code,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new SignInAttempt(SignInStep.CodeNeeded, user);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await RecordAsync("sign-in-failed", user, new { reason = "locked" }, cancellationToken);
            return new SignInAttempt(SignInStep.Refused, null);
        }

        var provider = users.Options.Tokens.AuthenticatorTokenProvider;
        if (!await users.VerifyTwoFactorTokenAsync(user, provider, Normalise(code)))
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await RecordAsync(
                locked ? "locked-out" : "sign-in-failed",
                user,
                new { reason = "code" },
                cancellationToken
            );
            return new SignInAttempt(locked ? SignInStep.Refused : SignInStep.CodeWrong, locked ? null : user);
        }

        await users.ResetAccessFailedCountAsync(user);
        await RecordAsync("signed-in", user, new { factors = MultiFactor }, cancellationToken);
        return new SignInAttempt(SignInStep.SignedIn, user, MultiFactor);
    }

    /// <summary>Whether the user's roles are among `Auth__RequireTwoFactorFor__0`, ….</summary>
    public async Task<bool> RequiresTwoFactorAsync(IdentityUser user) =>
        (await users.GetRolesAsync(user)).Any(twoFactor.Value.RequireTwoFactorFor.Contains);

    public bool RequiresTwoFactor(ClaimsPrincipal principal) =>
        twoFactor.Value.RequireTwoFactorFor.Any(principal.IsInRole);

    public static bool HasSecondFactor(ClaimsPrincipal principal) =>
        principal.HasClaim(ClaimTypes.AuthenticationMethod, MultiFactor);

    /// <summary>Spaces and dashes, as authenticator apps show the code, are not part of it.</summary>
    public static string Normalise(string code) =>
        code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    private void SpendTheSameWork(string password)
    {
        _nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        hasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
    }

    /// <summary>Lets the audit search find repeated attempts at one address without keeping the address.</summary>
    private string EmailHash(string email) =>
        Convert
            .ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(users.NormalizeEmail(email) ?? "")))
            .ToLowerInvariant();

    private async Task RecordAsync(
        string action,
        IdentityUser? user,
        object details,
        CancellationToken cancellationToken
    )
    {
        audit.Record(action, "User", user is null ? Guid.Empty : Guid.Parse(user.Id), details: details);
        await db.SaveChangesAsync(cancellationToken);
    }
}

public enum SignInStep
{
    SignedIn,
    Refused,
    CodeNeeded,
    CodeWrong,
    MustEnrol,
}

public sealed record SignInAttempt(SignInStep Step, IdentityUser? User, string Factors = StaffSignIn.Password);

/// <summary>`Auth__RequireTwoFactorFor__0=Admin`, …: the roles that sign in with an authenticator code too.</summary>
public sealed class TwoFactorOptions
{
    public const string Section = "Auth";

    public List<string> RequireTwoFactorFor { get; set; } = [];
}
