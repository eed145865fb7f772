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
/// Staff accounts created and listed: the `users add` command, the local demo users, `/api/users` and the
/// Settings page all come through here (changes, disabling and enabling are <see cref="UserAdministration"/>).
/// Clinics are user claims of <see cref="ClinicClaims.Type"/> (none: every clinic). A disabled account is
/// Identity's lockout without end (<see cref="IsDisabled"/>).
/// </summary>
public sealed class UserAccounts(UserManager<IdentityUser> users, SchedulingDbContext db, AuditLog audit, IClock clock)
{
    /// <summary>
    /// A lockout that never ends (Identity's way to keep an account out), far from DateTimeOffset.MaxValue,
    /// which timestamptz cannot hold exactly.
    /// </summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd >= DisabledUntil;

    /// <summary>
    /// The command's and the demo's form, from text as typed: one role; every clinic unless some are named.
    /// Returns what is wrong, one sentence each (none: the account was added).
    /// </summary>
    public async Task<IReadOnlyList<string>> AddAsync(
        string email,
        string password,
        string role,
        IReadOnlyList<Guid>? clinicIds = null
    )
    {
        var problems = new Problems();
        var address = ContactDetails.Email(email, "email", problems);
        var messages = problems.ToDictionary().SelectMany(p => p.Value).ToList();
        if (!Roles.IsKnown(role))
        {
            messages.Add(UnknownRole(role));
        }

        var clinics = clinicIds ?? [];
        var check = await CheckAsync(address, password, clinics, CancellationToken.None);
        messages.AddRange(check.UnknownClinics.Select(UnknownClinic));
        messages.AddRange(check.PasswordRefusals);
        if (messages.Count > 0)
        {
            return messages;
        }

        var outcome = await CreateAsync(
            new NewStaffAccount(address!, password, [role], clinics),
            CancellationToken.None
        );
        return outcome.Kind == OutcomeKind.Ok
            ? []
            : outcome.Errors.SelectMany(e => e.Value).Concat(outcome.Detail is null ? [] : [outcome.Detail]).ToList();
    }

    /// <summary>"Unknown role 'X'; use one of …": how a role that does not exist is refused.</summary>
    public static string UnknownRole(string? role) =>
        $"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.";

    public static string UnknownClinic(Guid clinicId) => $"No clinic {clinicId}.";

    /// <summary>
    /// What Identity's password rules say of this password for this address (nothing without a password), and
    /// which of the clinics do not exist; for the callers that read a request, to refuse it whole.
    /// </summary>
    public async Task<StaffAccountCheck> CheckAsync(
        string? email,
        string? password,
        IReadOnlyList<Guid> clinicIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(clinicIds);
        var refusals = new List<string>();
        if (!string.IsNullOrEmpty(password))
        {
            var probe = new IdentityUser { UserName = email, Email = email };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, probe, password);
                refusals.AddRange(result.Errors.Select(e => e.Description));
            }
        }

        var wanted = clinicIds.Distinct().ToList();
        var known = await db.Clinics.Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        return new StaffAccountCheck(refusals, [.. clinicIds.Where(c => !known.Contains(c))]);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
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
        return rows.Select(u => new StaffAccount(
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

    /// <summary>
    /// A 409 for an address in use; a 400 when the store refuses what the caller did not check first.
    /// </summary>
    public async Task<Outcome<StaffAccount>> CreateAsync(NewStaffAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var refusal = await RefusalAsync(
            account.Email,
            account.Password,
            account.ClinicIds,
            cancellationToken,
            account.Roles
        );
        if (refusal is { } refused)
        {
            return Outcome<StaffAccount>.Invalid(refused);
        }

        if (await users.FindByEmailAsync(account.Email) is not null)
        {
            return Outcome<StaffAccount>.Conflict($"A user with email {account.Email} already exists.");
        }

        var user = new IdentityUser
        {
            UserName = account.Email,
            Email = account.Email,
            EmailConfirmed = true,
        };
        var roles = Roles.All.Where(r => account.Roles.Contains(r, StringComparer.Ordinal)).ToList();
        var clinics = account.ClinicIds.Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Outcome<StaffAccount>.Conflict($"A user with email {account.Email} already exists.")
                : Outcome<StaffAccount>.Invalid(
                    "password",
                    string.Join(" ", created.Errors.Select(e => e.Description))
                );
        }

        Ensure(await users.AddToRolesAsync(user, roles));
        Ensure(await users.AddClaimsAsync(user, clinics.Select(ClinicClaim)));
        audit.Record("created", "User", Guid.Parse(user.Id), details: new { roles, clinicIds = clinics });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(user.Id, cancellationToken);
    }

    internal async Task<StaffAccount> FindAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Single(u => u.Id == id);

    /// <summary>
    /// The store's own refusals, named after the command's fields (`password`, `clinicIds[i]`, `roles`): only
    /// reached by a caller that did not check first, since the web host names its fields when it reads a request.
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, string[]>?> RefusalAsync(
        string? email,
        string? password,
        IReadOnlyList<Guid> clinicIds,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? roles = null
    )
    {
        var check = await CheckAsync(email, password, clinicIds, cancellationToken);
        var problems = new Problems();
        foreach (
            var (clinic, index) in clinicIds.Select((c, i) => (c, i)).Where(c => check.UnknownClinics.Contains(c.c))
        )
        {
            problems.Add($"clinicIds[{index}]", UnknownClinic(clinic));
        }

        foreach (var refusal in check.PasswordRefusals)
        {
            problems.Add("password", refusal);
        }

        if (roles is not null && (roles.Count == 0 || roles.Any(r => !Roles.IsKnown(r))))
        {
            problems.Add("roles", $"Give at least one role: {string.Join(", ", Roles.All)}.");
        }

        return problems.Any ? problems.ToDictionary() : null;
    }

    internal static Claim ClinicClaim(Guid clinicId) => new(ClinicClaims.Type, clinicId.ToString());

    internal static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
