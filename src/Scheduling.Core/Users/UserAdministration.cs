using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Users;

/// <summary>
/// Changes to staff accounts that exist: roles and clinics, disabling and enabling, a new password.
/// Disabling renews the security stamp, which ends every cookie and bearer token of the user at their next
/// request; roles and clinics need no new stamp, since the signed-in principal is rebuilt from these rows on
/// every request. Accounts are created and listed by <see cref="UserAccounts"/>.
/// </summary>
public sealed class UserAdministration(
    UserManager<IdentityUser> users,
    SchedulingDbContext db,
    AuditLog audit,
    UserAccounts accounts
)
{
    /// <summary>New roles and clinics, from the user's next request (their principal is rebuilt on each one).</summary>
    public async Task<Outcome<StaffAccount>> ChangeAsync(
        Guid id,
        StaffAccess access,
        string actorId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(access);
        if (await accounts.RefusalAsync(null, null, access.ClinicIds, cancellationToken, access.Roles) is { } refused)
        {
            return Outcome<StaffAccount>.Invalid(refused);
        }

        var roles = Roles.All.Where(r => access.Roles.Contains(r, StringComparer.Ordinal)).ToList();
        var clinics = access.ClinicIds.Distinct().ToList();

        await using var transaction = await LockAdministrationAsync(cancellationToken);
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<StaffAccount>.NotFound($"No user {id}.");
        }

        var had = await users.GetRolesAsync(user);
        if (
            had.Contains(Roles.Admin)
            && !roles.Contains(Roles.Admin)
            && !UserAccounts.IsDisabled(user)
            && await OtherActiveAdminsAsync(user.Id, cancellationToken) == 0
        )
        {
            return Outcome<StaffAccount>.Conflict("This is the last Admin who can sign in; make another Admin first.");
        }

        UserAccounts.Ensure(await users.RemoveFromRolesAsync(user, had.Except(roles).ToList()));
        UserAccounts.Ensure(await users.AddToRolesAsync(user, roles.Except(had).ToList()));
        var claims = (await users.GetClaimsAsync(user)).Where(c => c.Type == ClinicClaims.Type).ToList();
        UserAccounts.Ensure(await users.RemoveClaimsAsync(user, claims));
        UserAccounts.Ensure(await users.AddClaimsAsync(user, clinics.Select(UserAccounts.ClinicClaim)));
        audit.Record(
            "changed",
            "User",
            id,
            details: new
            {
                by = actorId,
                roles,
                clinicIds = clinics,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await accounts.FindAsync(user.Id, cancellationToken);
    }

    /// <summary>Refuses the actor's own account and the last Admin who can still sign in (both 409).</summary>
    public async Task<Outcome<StaffAccount>> DisableAsync(Guid id, string actorId, CancellationToken cancellationToken)
    {
        await using var transaction = await LockAdministrationAsync(cancellationToken);
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<StaffAccount>.NotFound($"No user {id}.");
        }

        if (string.Equals(user.Id, actorId, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<StaffAccount>.Conflict("You cannot disable your own account.");
        }

        if (!UserAccounts.IsDisabled(user))
        {
            if (
                await users.IsInRoleAsync(user, Roles.Admin)
                && await OtherActiveAdminsAsync(user.Id, cancellationToken) == 0
            )
            {
                return Outcome<StaffAccount>.Conflict(
                    "This is the last Admin who can sign in; make another Admin first."
                );
            }

            UserAccounts.Ensure(await users.SetLockoutEnabledAsync(user, true));
            UserAccounts.Ensure(await users.SetLockoutEndDateAsync(user, UserAccounts.DisabledUntil));
            UserAccounts.Ensure(await users.UpdateSecurityStampAsync(user));
            audit.Record("disabled", "User", id, details: new { by = actorId });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await accounts.FindAsync(user.Id, cancellationToken);
    }

    /// <summary>Also clears a lockout after failed sign-ins.</summary>
    public async Task<Outcome<StaffAccount>> EnableAsync(Guid id, string actorId, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<StaffAccount>.NotFound($"No user {id}.");
        }

        if (user.LockoutEnd is not null)
        {
            UserAccounts.Ensure(await users.SetLockoutEndDateAsync(user, null));
            UserAccounts.Ensure(await users.ResetAccessFailedCountAsync(user));
            audit.Record("enabled", "User", id, details: new { by = actorId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await accounts.FindAsync(user.Id, cancellationToken);
    }

    /// <summary>A new password ends every session of the user (a new security stamp).</summary>
    public async Task<Outcome<StaffAccount>> SetPasswordAsync(
        Guid id,
        string? password,
        string actorId,
        CancellationToken cancellationToken
    )
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<StaffAccount>.NotFound($"No user {id}.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Outcome<StaffAccount>.Invalid("password", "Enter a password of at least 12 characters.");
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                var reasons = string.Join(" ", result.Errors.Select(e => e.Description));
                return Outcome<StaffAccount>.Invalid("password", reasons);
            }
        }

        // Each of these renews the security stamp, which ends the user's sessions.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserAccounts.Ensure(await users.RemovePasswordAsync(user));
        UserAccounts.Ensure(await users.AddPasswordAsync(user, password));
        audit.Record("password-set", "User", id, details: new { by = actorId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await accounts.FindAsync(user.Id, cancellationToken);
    }

    /// <summary>Changes to accounts take turns, so two Admins cannot each disable the other, the last two.</summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> LockAdministrationAsync(
        CancellationToken cancellationToken
    )
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "SELECT pg_advisory_xact_lock(hashtext('scheduling:user-administration'))",
            cancellationToken
        );
        return transaction;
    }

    private Task<int> OtherActiveAdminsAsync(string userId, CancellationToken cancellationToken) =>
        db
            .UserRoles.Where(ur => ur.UserId != userId)
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (_, u) => u)
            .CountAsync(u => u.LockoutEnd == null || u.LockoutEnd < UserAccounts.DisabledUntil, cancellationToken);
}
