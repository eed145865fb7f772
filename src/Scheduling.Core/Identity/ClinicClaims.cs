using System.Security.Claims;

namespace Scheduling.Core.Identity;

/// <summary>
/// Which clinics a staff user works for: one user claim of this type per clinic id. A user with none
/// works for every clinic (docs/api-contract.md, "Access": an empty <c>clinicIds</c> means every clinic).
/// </summary>
public static class ClinicClaims
{
    public const string Type = "scheduling:clinic";

    /// <summary>The clinics a principal is limited to, or null when it may see every clinic.</summary>
    public static IReadOnlySet<Guid>? LimitedTo(ClaimsPrincipal user)
    {
        var ids = user.FindAll(Type)
            .Select(claim => Guid.TryParse(claim.Value, out var id) ? id : Guid.Empty)
            .ToHashSet();
        return ids.Count == 0 ? null : ids;
    }
}
