using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;

namespace Scheduling.Web.Pages.Shared;

/// <summary>
/// How many safety alerts wait for a clinician: the layout shows a banner on every page while any is open.
/// </summary>
public sealed class AlertBanner(SchedulingDbContext db)
{
    public async Task<int> OpenCountAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.IsInRole(Roles.Clinician) || user.IsInRole(Roles.Admin)
            ? await db.Alerts.CountAsync(a => a.State == AlertState.Open, cancellationToken)
            : 0;
}
