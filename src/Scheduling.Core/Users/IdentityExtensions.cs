using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Users;

public static class IdentityExtensions
{
    public static IdentityBuilder AddSchedulingIdentity(this IServiceCollection services) =>
        services
            .AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B); lockout slows guessing.
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            // The TOTP second factor (README, "Users and sign-in"); no other token provider is needed.
            .AddTokenProvider<AuthenticatorTokenProvider<IdentityUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddEntityFrameworkStores<SchedulingDbContext>();
}
