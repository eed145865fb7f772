using System.Security.Claims;

namespace Scheduling.Core.Identity;

/// <summary>
/// The clinics whose patients, series, sessions and everything hanging off them the current caller may
/// see (docs/access.md). The web host builds it from the signed-in user's <see cref="ClinicClaims"/>; the
/// worker, the jobs, the dispatcher and the commands get <see cref="Everything"/>, which is also the default
/// of every service scope that does not come from a request. SchedulingDbContext applies it as query filters.
/// </summary>
public sealed class ClinicScope
{
    private ClinicScope(Guid[]? clinicIds) => (ClinicIds, ClinicIdArray) = (clinicIds, clinicIds);

    public static ClinicScope Everything { get; } = new(null);

    /// <summary>The clinics the caller is limited to, or null for every clinic.</summary>
    public IReadOnlyList<Guid>? ClinicIds { get; }

    /// <summary>The same as an array, the shape Npgsql sends as one parameter (<c>clinic_id = ANY(@ids)</c>).</summary>
    internal Guid[]? ClinicIdArray { get; }

    public bool IsLimited => ClinicIds is not null;

    /// <summary>An anonymous caller (a survey page, a Twilio webhook) acts for the system, as a job does.</summary>
    public static ClinicScope For(ClaimsPrincipal? user) =>
        user is null || ClinicClaims.LimitedTo(user) is not { } ids ? Everything : Limited(ids);

    public static ClinicScope Limited(IEnumerable<Guid> clinicIds) => new(clinicIds.Distinct().Order().ToArray());

    public bool Includes(Guid clinicId) => ClinicIds is null || ClinicIds.Contains(clinicId);
}
