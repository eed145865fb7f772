using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Users;

/// <summary>
/// Staff accounts: the `users add` command, the local demo users, `/api/users` and the Settings page all
/// come through here. Clinics are user claims of <see cref="ClinicClaims.Type"/> (none: every clinic).
/// A disabled account is Identity's lockout without end (<see cref="IsDisabled"/>); disabling also
/// renews the security stamp, which ends every cookie and bearer token of the user at their next request.
/// Roles and clinics need no new stamp: the signed-in principal is rebuilt from these rows on every request.
/// </summary>
public sealed class UserAccounts(UserManager<IdentityUser> users, SchedulingDbContext db, AuditLog audit, IClock clock)
{
    /// <summary>
    /// A lockout that never ends (Identity's way to keep an account out), far from DateTimeOffset.MaxValue,
    /// which timestamptz cannot hold exactly.
    /// </summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd >= DisabledUntil;

    /// <summary>The command's and the demo's form: one role; every clinic unless some are named.</summary>
    public async Task<IReadOnlyList<string>> AddAsync(
        string email,
        string password,
        string role,
        IReadOnlyList<Guid>? clinicIds = null
    )
    {
        var outcome = await CreateAsync(new NewUser(email, password, [role], clinicIds ?? []), CancellationToken.None);
        return outcome.Kind == OutcomeKind.Ok
            ? []
            : outcome.Errors.SelectMany(e => e.Value).Concat(outcome.Detail is null ? [] : [outcome.Detail]).ToList();
    }

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db
            .Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.LockoutEnd,
                u.TwoFactorEnabled,
                Roles = db
                    .UserRoles.Where(r => r.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
                    .ToList(),
                Clinics = db
                    .UserClaims.Where(c => c.UserId == u.Id && c.ClaimType == ClinicClaims.Type)
                    .Select(c => c.ClaimValue!)
                    .ToList(),
            })
            .ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant().ToDateTimeOffset();
        return rows.Select(u => new UserView(
                u.Id,
                u.Email ?? "",
                Roles.All.Where(u.Roles.Contains).ToList(),
                u.Clinics.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Order().ToList(),
                u.LockoutEnd >= DisabledUntil,
                u.LockoutEnd < DisabledUntil && u.LockoutEnd > now,
                u.TwoFactorEnabled
            ))
            .ToList();
    }

    public async Task<Outcome<UserView>> CreateAsync(NewUser? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var email = ContactDetails.Email(input?.Email, "email", problems);
        if (string.IsNullOrEmpty(input?.Password))
        {
            problems.Add("password", "Enter a password of at least 12 characters.");
        }

        var (roles, clinics) = await CheckAccessAsync(input?.Roles, input?.ClinicIds, problems, cancellationToken);
        if (!string.IsNullOrEmpty(input?.Password))
        {
            var probe = new IdentityUser { UserName = email, Email = email };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, probe, input.Password);
                foreach (var error in result.Errors)
                {
                    problems.Add("password", error.Description);
                }
            }
        }

        if (problems.Any)
        {
            return Outcome<UserView>.Invalid(problems.ToDictionary());
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return Outcome<UserView>.Conflict($"A user with email {email} already exists.");
        }

        var user = new IdentityUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, input!.Password!);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Outcome<UserView>.Conflict($"A user with email {email} already exists.")
                : Outcome<UserView>.Invalid("password", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        Ensure(await users.AddToRolesAsync(user, roles));
        Ensure(await users.AddClaimsAsync(user, clinics.Select(ClinicClaim)));
        audit.Record("created", "User", Guid.Parse(user.Id), details: new { roles, clinicIds = clinics });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(user.Id, cancellationToken);
    }

    /// <summary>New roles and clinics, from the user's next request (their principal is rebuilt on each one).</summary>
    public async Task<Outcome<UserView>> ChangeAsync(
        Guid id,
        UserAccess? input,
        string actorId,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var (roles, clinics) = await CheckAccessAsync(input?.Roles, input?.ClinicIds, problems, cancellationToken);
        if (problems.Any)
        {
            return Outcome<UserView>.Invalid(problems.ToDictionary());
        }

        await using var transaction = await LockAdministrationAsync(cancellationToken);
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<UserView>.NotFound($"No user {id}.");
        }

        var had = await users.GetRolesAsync(user);
        if (
            had.Contains(Roles.Admin)
            && !roles.Contains(Roles.Admin)
            && !IsDisabled(user)
            && await OtherActiveAdminsAsync(user.Id, cancellationToken) == 0
        )
        {
            return Outcome<UserView>.Conflict("This is the last Admin who can sign in; make another Admin first.");
        }

        Ensure(await users.RemoveFromRolesAsync(user, had.Except(roles).ToList()));
        Ensure(await users.AddToRolesAsync(user, roles.Except(had).ToList()));
        var claims = (await users.GetClaimsAsync(user)).Where(c => c.Type == ClinicClaims.Type).ToList();
        Ensure(await users.RemoveClaimsAsync(user, claims));
        Ensure(await users.AddClaimsAsync(user, clinics.Select(ClinicClaim)));
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
        return await ViewAsync(user.Id, cancellationToken);
    }

    /// <summary>Refuses the actor's own account and the last Admin who can still sign in (both 409).</summary>
    public async Task<Outcome<UserView>> DisableAsync(Guid id, string actorId, CancellationToken cancellationToken)
    {
        await using var transaction = await LockAdministrationAsync(cancellationToken);
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<UserView>.NotFound($"No user {id}.");
        }

        if (string.Equals(user.Id, actorId, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<UserView>.Conflict("You cannot disable your own account.");
        }

        if (!IsDisabled(user))
        {
            if (
                await users.IsInRoleAsync(user, Roles.Admin)
                && await OtherActiveAdminsAsync(user.Id, cancellationToken) == 0
            )
            {
                return Outcome<UserView>.Conflict("This is the last Admin who can sign in; make another Admin first.");
            }

            Ensure(await users.SetLockoutEnabledAsync(user, true));
            Ensure(await users.SetLockoutEndDateAsync(user, DisabledUntil));
            Ensure(await users.UpdateSecurityStampAsync(user));
            audit.Record("disabled", "User", id, details: new { by = actorId });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(user.Id, cancellationToken);
    }

    /// <summary>Also clears a lockout after failed sign-ins.</summary>
    public async Task<Outcome<UserView>> EnableAsync(Guid id, string actorId, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<UserView>.NotFound($"No user {id}.");
        }

        if (user.LockoutEnd is not null)
        {
            Ensure(await users.SetLockoutEndDateAsync(user, null));
            Ensure(await users.ResetAccessFailedCountAsync(user));
            audit.Record("enabled", "User", id, details: new { by = actorId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await ViewAsync(user.Id, cancellationToken);
    }

    /// <summary>A new password ends every session of the user (a new security stamp).</summary>
    public async Task<Outcome<UserView>> SetPasswordAsync(
        Guid id,
        string? password,
        string actorId,
        CancellationToken cancellationToken
    )
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<UserView>.NotFound($"No user {id}.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Outcome<UserView>.Invalid("password", "Enter a password of at least 12 characters.");
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                var reasons = string.Join(" ", result.Errors.Select(e => e.Description));
                return Outcome<UserView>.Invalid("password", reasons);
            }
        }

        // Each of these renews the security stamp, which ends the user's sessions.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Ensure(await users.RemovePasswordAsync(user));
        Ensure(await users.AddPasswordAsync(user, password));
        audit.Record("password-set", "User", id, details: new { by = actorId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(user.Id, cancellationToken);
    }

    private async Task<Outcome<UserView>> ViewAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Single(u => u.Id == id);

    private async Task<(List<string> Roles, List<Guid> Clinics)> CheckAccessAsync(
        IReadOnlyList<string?>? roles,
        IReadOnlyList<Guid>? clinicIds,
        Problems problems,
        CancellationToken cancellationToken
    )
    {
        var named = (roles ?? []).ToList();
        if (named.Count == 0)
        {
            problems.Add("roles", $"Give at least one role: {string.Join(", ", Roles.All)}.");
        }

        foreach (var (role, index) in named.Select((r, i) => (r, i)))
        {
            if (role is null || !Roles.IsKnown(role))
            {
                problems.Add($"roles[{index}]", $"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.");
            }
        }

        var clinics = (clinicIds ?? []).Distinct().ToList();
        var known = await db
            .Clinics.Where(c => clinics.Contains(c.Id))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        foreach (var (clinic, index) in (clinicIds ?? []).Select((c, i) => (c, i)))
        {
            if (!known.Contains(clinic))
            {
                problems.Add($"clinicIds[{index}]", $"No clinic {clinic}.");
            }
        }

        return (Roles.All.Where(r => named.Contains(r, StringComparer.Ordinal)).ToList(), clinics);
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
            .CountAsync(u => u.LockoutEnd == null || u.LockoutEnd < DisabledUntil, cancellationToken);

    private static Claim ClinicClaim(Guid clinicId) => new(ClinicClaims.Type, clinicId.ToString());

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record NewUser(
    string? Email,
    string? Password,
    IReadOnlyList<string?>? Roles,
    IReadOnlyList<Guid>? ClinicIds
);

public sealed record UserAccess(IReadOnlyList<string?>? Roles, IReadOnlyList<Guid>? ClinicIds);

public sealed record UserView(
    string Id,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> ClinicIds,
    bool Disabled,
    bool LockedOut,
    bool TwoFactorEnabled
);
