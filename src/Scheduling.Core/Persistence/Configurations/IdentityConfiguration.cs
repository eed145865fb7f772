using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Scheduling.Core.Persistence.Configurations;

/// <summary>Identity's tables in the same snake_case vocabulary as ours.</summary>
internal static class IdentityConfiguration
{
    public static void RenameIdentityTables(this ModelBuilder builder)
    {
        builder.Entity<IdentityUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }
}
