using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Scheduling.Core.Audit;
using Scheduling.Core.Persistence;

namespace Scheduling.Web.Auth;

/// <summary>
/// Enrolling Identity's authenticator (TOTP, RFC 6238: six digits, 30 s): a shared key shown as text and
/// as an otpauth:// URI, then one code from the app turns the second factor on. The API and the page
/// `/account/two-factor` both come through here.
/// </summary>
public sealed class AuthenticatorEnrolment(
    UserManager<IdentityUser> users,
    IUserStore<IdentityUser> store,
    AuditLog audit,
    SchedulingDbContext db
)
{
    public const string Issuer = "Scheduling";

    /// <summary>The key to enrol (renewed when asked, or when there is none); null when already enabled.</summary>
    public async Task<AuthenticatorSetup?> StartAsync(ClaimsPrincipal principal, bool renew)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("No signed-in user.");
        if (user.TwoFactorEnabled)
        {
            return null;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (renew || string.IsNullOrEmpty(key))
        {
            // Not ResetAuthenticatorKeyAsync: that renews the security stamp, which would end the session
            // that is enrolling. The stamp is renewed when the factor is turned on.
            key = users.GenerateNewAuthenticatorKey();
            var keys = (IUserAuthenticatorKeyStore<IdentityUser>)store;
            await keys.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Ensure(await users.UpdateAsync(user));
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        return new AuthenticatorSetup(key!, Grouped(key!), uri);
    }

    public async Task<Enrolment> EnableAsync(
        ClaimsPrincipal principal,
        string code,
        CancellationToken cancellationToken
    )
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("No signed-in user.");
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return new Enrolment(EnrolmentResult.NoKey, null);
        }

        var provider = users.Options.Tokens.AuthenticatorTokenProvider;
        if (!await users.VerifyTwoFactorTokenAsync(user, provider, StaffSignIn.Normalise(code)))
        {
            return new Enrolment(EnrolmentResult.WrongCode, null);
        }

        // Renews the security stamp: every session signed in with the password alone ends.
        Ensure(await users.SetTwoFactorEnabledAsync(user, true));
        audit.Record("two-factor-enabled", "User", Guid.Parse(user.Id));
        await db.SaveChangesAsync(cancellationToken);
        return new Enrolment(EnrolmentResult.Enabled, user);
    }

    private static string Grouped(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLower(CultureInfo.InvariantCulture);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>sharedKey as the app takes it (Base32), the same in groups of four to type, and the otpauth URI.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string SharedKeyGrouped, string OtpauthUri);

public enum EnrolmentResult
{
    Enabled,
    NoKey,
    WrongCode,
}

public sealed record Enrolment(EnrolmentResult Result, IdentityUser? User);
