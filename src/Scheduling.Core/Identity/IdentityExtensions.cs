using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Identity;

public static class IdentityExtensions
{
    public static IdentityBuilder AddSchedulingIdentity(this IServiceCollection services) =>
        services
            .AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SchedulingDbContext>();
}
