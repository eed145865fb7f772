using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using NodaTime;
using NodaTime.Testing;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Messaging;

/// <summary>
/// Without a Twilio account (and, outside local mode, with Sms:Mode=Capture), an SMS becomes a row in captured_sms
/// (read at /captured/sms) and counts as accepted.
/// </summary>
public sealed class CapturingSmsSenderTests : IAsyncLifetime
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 20, 12, 0);

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SendAsync_StoresTheMessageAndAccepts_WhenNoTwilioAccountIsSet()
    {
        await using var services = _database.CoreServices(s =>
        {
            s.AddSingleton<IClock>(new FakeClock(Now));
            s.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Testing" });
            var capture = new Dictionary<string, string?> { ["Sms:Mode"] = "Capture" };
            s.AddSchedulingMessagingAdapters(new ConfigurationBuilder().AddInMemoryCollection(capture).Build());
        });
        var sender = services.GetRequiredService<ISmsSender>();

        var result = await sender.SendAsync(
            new SmsMessage(Guid.CreateVersion7(), "+15551230001", "Harbor Clinic: reply C to confirm."),
            CancellationToken.None
        );

        Assert.IsType<CapturingSmsSender>(sender);
        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.StartsWith(CapturingSmsSender.ProviderIdPrefix, result.ProviderId, StringComparison.Ordinal);
        await using var scope = services.CreateAsyncScope();
        var captured = await scope.ServiceProvider.GetRequiredService<SchedulingDbContext>().CapturedSms.SingleAsync();
        Assert.Equal(
            ("+15551230001", "Harbor Clinic: reply C to confirm.", Now),
            (captured.To, captured.Body, captured.CapturedAt)
        );
        Assert.Equal(CapturingSmsSender.ProviderIdPrefix + captured.Id.ToString("N"), result.ProviderId);
    }
}
