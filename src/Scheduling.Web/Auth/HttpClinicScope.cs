using Scheduling.Core.Identity;

namespace Scheduling.Web.Auth;

/// <summary>
/// The clinic scope of a request: the signed-in user's clinics (docs/access.md). Only the request's own
/// service scope is limited. Any other scope (a Hangfire job, the dispatcher's rounds, a health check, a
/// command) gets every clinic, as it does in the worker host, even when it was opened while a request's
/// ExecutionContext (and so IHttpContextAccessor) flowed into it: work done for the system is never limited.
/// </summary>
internal static class HttpClinicScope
{
    public static ClinicScope Create(IServiceProvider services) =>
        services.GetRequiredService<IHttpContextAccessor>().HttpContext is { } context
        && ReferenceEquals(context.RequestServices, services)
            ? ClinicScope.For(context.User)
            : ClinicScope.Everything;
}
