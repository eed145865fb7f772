using Hangfire;
using Scheduling.Core.Identity;
using Scheduling.Web.Api;
using Scheduling.Web.Auth;
using Scheduling.Web.Health;
using Scheduling.Web.Operations;
using Scheduling.Web.Webhooks;

namespace Scheduling.Web.Hosting;

public static class WebApplicationExtensions
{
    public static WebApplication UseSchedulingWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseTransportSecurity();
        app.UseExceptionHandler();
        app.UseWhen(context => context.Request.IsApi(), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.IsApi(), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseStaticFiles();
        app.UseRouting();
        app.UsePublicRateLimits();
        app.UseAuthentication();
        app.UseSessionChecks();
        app.UseAuthorization();
        app.UseApiAntiforgery();
        app.UseMiddleware<InputGuard>();
        return app;
    }

    public static WebApplication MapSchedulingEndpoints(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapSchedulingHealthChecks();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapClinicEndpoints();
        app.MapTemplateEndpoints();
        app.MapMessageWordingEndpoints();
        app.MapPatientEndpoints();
        app.MapBookingEndpoints();
        app.MapClinicalEndpoints();
        app.MapRemsEndpoints();
        app.MapWorklistEndpoints();
        app.MapWaitlistEndpoints();
        app.MapTwilioWebhooks();
        app.MapRazorPages();
        app.MapSchedulingMetrics();
        MessagesDashboardSetup.AddToHangfireDashboard();
        app.MapHangfireDashboard(
                "/hangfire",
                new DashboardOptions
                {
                    Authorization = [],
                    DisplayStorageConnectionString = false,
                    DashboardTitle = "Scheduling jobs",
                    AppPath = "/",
                }
            )
            .RequireAuthorization(Policies.Ops);
        return app;
    }

    public static bool IsApi(this HttpRequest request) => request.Path.StartsWithSegments("/api");
}
