using Microsoft.AspNetCore.Hosting;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// The messaging host of the dispatch tests with a simulation's settings: the public rate limit out of
/// the way (weeks of webhooks arrive within seconds of wall time, which that limit is not about), the
/// first retry after 30 s as in production, and a short SMTP timeout so that a stalled provider costs
/// seconds, not minutes, of wall time.
/// </summary>
public sealed class SimulationApp : MessagingApp
{
    public static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(2);

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("RateLimits:PublicRequestsPerMinute", "100000");
        builder.UseSetting("Messaging:Dispatch:FirstRetryDelay", "00:00:30");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Antiforgery", "Error");
        builder.UseSetting("Logging:LogLevel:Scheduling", "Error");
        builder.UseSetting(
            "Email:Smtp:Timeout",
            SmtpTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture)
        );
    }
}
