using Hangfire.Dashboard;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;

namespace Scheduling.Web.Operations;

/// <summary>
/// Puts the Messages page into the Hangfire dashboard with the dashboard's own extension points: its route,
/// an item in the navigation menu, and a metric on that item (messages due now, red when no dispatcher is
/// alive to send them). The page sits under <c>/hangfire</c>, so the same rule (Ops and Admin) guards it.
/// Hangfire keeps these in static collections: they are added once per process, whatever the number of hosts.
/// </summary>
public static class MessagesDashboardSetup
{
    private static readonly Lock Gate = new();
    private static bool _added;

    public static readonly DashboardMetric DueNow = new("scheduling:messages-due", page =>
    {
        var services = page.Context.GetHttpContext().RequestServices;
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        var (alive, due) = services
            .GetRequiredService<DispatcherHeartbeat>()
            .ReadAsync(now, page.Context.GetHttpContext().RequestAborted)
            .GetAwaiter()
            .GetResult();
        return new Metric(due)
        {
            Style =
                due == 0 ? MetricStyle.Default
                : alive == 0 ? MetricStyle.Danger
                : MetricStyle.Info,
            Highlighted = due > 0 && alive == 0,
            Title = $"{due} message(s) due now; {alive} dispatcher(s) alive",
        };
    });

    public static void AddToHangfireDashboard()
    {
        lock (Gate)
        {
            if (_added)
            {
                return;
            }

            DashboardRoutes.Routes.AddRazorPage(MessagesDashboardPage.Path, _ => new MessagesDashboardPage());
            DashboardMetrics.AddMetric(DueNow);
            NavigationMenu.Items.Add(page => new MenuItem("Messages", page.Url.To(MessagesDashboardPage.Path))
            {
                Active = page.RequestPath.StartsWith(MessagesDashboardPage.Path, StringComparison.Ordinal),
                Metric = DueNow,
            });
            _added = true;
        }
    }
}
