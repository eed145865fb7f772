using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Demo;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Demo;

/// <summary>
/// The host with the test SMTP server and the Twilio fake, the demo seeded once at 11:10 in New York on the tests'
/// Thursday (the demo clinic takes New York's zone then), as `seed --demo` seeds it. No worker runs: the tests
/// call a dispatch round, as the other dispatch tests do.
/// </summary>
public sealed class DemoApp : MessagingApp
{
    public static readonly Instant SeededAt = Instant.FromUtc(2026, 11, 26, 16, 10);

    public DemoSeedResult Seeded { get; private set; } = null!;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.ConfigureTestServices(services => services.AddDemoSeeding());
    }

    protected override async Task ReadyAsync()
    {
        Clock.Reset(SeededAt);
        await using var scope = Services.CreateAsyncScope();
        Seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }
}
