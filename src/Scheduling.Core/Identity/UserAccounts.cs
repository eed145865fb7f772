using Microsoft.AspNetCore.Identity;

namespace Scheduling.Core.Identity;

/// <summary>Creates staff accounts: the `users add` command and the local demo users both come through here.</summary>
public sealed class UserAccounts(UserManager<IdentityUser> users)
{
    public async Task<IReadOnlyList<string>> AddAsync(string email, string password, string role)
    {
        if (!Roles.IsKnown(role))
        {
            return [$"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}."];
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return [$"A user with email {email} already exists."];
        }

        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).ToList();
        }

        var assigned = await users.AddToRoleAsync(user, role);
        return assigned.Errors.Select(e => e.Description).ToList();
    }
}
