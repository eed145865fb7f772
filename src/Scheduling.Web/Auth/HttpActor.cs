using System.Security.Claims;
using Scheduling.Core.Audit;

namespace Scheduling.Web.Auth;

/// <summary>The signed-in user's id for the audit log; "anonymous" on public endpoints.</summary>
internal sealed class HttpActor(IHttpContextAccessor accessor) : IActor
{
    public string Id => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
}
