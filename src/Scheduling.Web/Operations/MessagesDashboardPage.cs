using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;

namespace Scheduling.Web.Operations;

/// <summary>
/// The Messages page of the Hangfire dashboard (<c>/hangfire/messages</c>): the delivery figures of
/// <see cref="DeliveryFigures"/> where Ops already watch the jobs, in the dashboard's own layout. Counts, ids,
/// instants and worker names only, never patient data; every value goes through <see cref="RazorPage.Write"/>,
/// which HTML-encodes it. The dashboard renders pages synchronously, so the figures are read before.
/// </summary>
internal sealed class MessagesDashboardPage : RazorPage
{
    public const string Path = "/messages";

    public override void Execute()
    {
        var services = Context.GetHttpContext().RequestServices;
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        var f = services
            .GetRequiredService<DeliveryFigures>()
            .ReadAsync(now, Context.GetHttpContext().RequestAborted)
            .GetAwaiter()
            .GetResult();
        Layout = new LayoutPage("Messages");
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Messages</h1>");
        WriteLiteral("<p>Figures of the last hour, up to ");
        Write(At(f.Now));
        WriteLiteral(
            ". Delivery by state and lateness percentiles: <a href=\"/ops/delivery\">the delivery page</a>.</p>"
        );

        Table(
            "messages-now",
            "Now",
            [
                ("Due now", Count(f.DueNow)),
                ("In backoff", Count(f.InBackoff)),
                ("More than a minute overdue", Count(f.Overdue)),
                ("Oldest due message", f.OldestDueId is { } id ? id.ToString() : "none"),
                ("Oldest due since", At(f.OldestDueAt)),
            ]
        );
        Table(
            "messages-hour",
            "The last hour",
            [
                ("Sent", Count(f.Sent)),
                ("Failed", Count(f.Failed)),
                ("Unknown", Count(f.Unknown)),
                ("Lateness p50", Seconds(f.P50)),
                ("Lateness p99", Seconds(f.P99)),
            ]
        );
        Dispatchers(f.Dispatchers);
        WriteLiteral("</div></div>");
    }

    private void Table(string id, string caption, IReadOnlyList<(string Name, string Value)> rows)
    {
        WriteLiteral($"<h3 id=\"{id}\">");
        Write(caption);
        WriteLiteral($"</h3><table class=\"table table-condensed\" aria-labelledby=\"{id}\"><tbody>");
        foreach (var (name, value) in rows)
        {
            WriteLiteral("<tr><th scope=\"row\">");
            Write(name);
            WriteLiteral("</th><td>");
            Write(value);
            WriteLiteral("</td></tr>");
        }

        WriteLiteral("</tbody></table>");
    }

    private void Dispatchers(IReadOnlyList<DispatcherBeat> dispatchers)
    {
        WriteLiteral("<h3 id=\"messages-dispatchers\">Dispatchers alive: ");
        Write(Count(dispatchers.Count));
        WriteLiteral("</h3><table class=\"table table-condensed\" aria-labelledby=\"messages-dispatchers\">");
        WriteLiteral("<thead><tr><th scope=\"col\">Worker</th><th scope=\"col\">Started</th>");
        WriteLiteral("<th scope=\"col\">Last heartbeat</th></tr></thead><tbody>");
        foreach (var dispatcher in dispatchers)
        {
            WriteLiteral("<tr><td>");
            Write(dispatcher.Worker);
            WriteLiteral("</td><td>");
            Write(At(dispatcher.StartedAt));
            WriteLiteral("</td><td>");
            Write(At(dispatcher.HeartbeatAt));
            WriteLiteral("</td></tr>");
        }

        WriteLiteral("</tbody></table>");
    }

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string At(Instant? instant) =>
        instant is { } at ? at.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "none";

    private static string Seconds(double? seconds) =>
        seconds is { } s ? s.ToString("0.000 s", CultureInfo.InvariantCulture) : "none";
}
