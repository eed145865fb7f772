using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.Benchmarks;

/// <summary>
/// The two adapters alone against the two servers: how many sends per second each manages at a given parallelism.
/// </summary>
internal static class SenderProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        await using var smtp = FakeSmtpServer.Start();
        await using var twilio = await FakeTwilioServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Email:Smtp:Host"] = "127.0.0.1",
                    ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                    ["Email:Smtp:Connections"] = parallelism.ToString(CultureInfo.InvariantCulture),
                    ["Email:From"] = "clinic@example.test",
                    ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
                    ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
                    ["Sms:Twilio:From"] = "+15005550006",
                    ["Sms:Twilio:ApiBaseUrl"] = twilio.BaseUrl,
                    ["PublicBaseUrl"] = "https://clinic.example.test",
                }
            )
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddSchedulingMessagingAdapters(configuration);
        await using var provider = services.BuildServiceProvider();
        var email = provider.GetRequiredService<IEmailSender>();
        var sms = provider.GetRequiredService<ISmsSender>();
        foreach (
            var (name, send) in new (string, Func<int, Task<SendResult>>)[]
            {
                ("email", i =>
                    email.SendAsync(
                        new EmailMessage(Guid.NewGuid(), $"p{i}@example.com", "Your visit", "Hello", null, null),
                        CancellationToken.None
                    )
                ),
                ("sms", i =>
                    sms.SendAsync(new SmsMessage(Guid.NewGuid(), "+12025550123", "Your visit"), CancellationToken.None)
                ),
            }
        )
        {
            var watch = Stopwatch.StartNew();
            var slowest = 0.0;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                async (i, _) =>
                {
                    var one = Stopwatch.StartNew();
                    var result = await send(i);
                    slowest = Math.Max(slowest, one.Elapsed.TotalMilliseconds);
                    if (result.Status != SendStatus.Accepted)
                    {
                        Console.WriteLine($"{name} {i}: {result.Status} {result.Error}");
                    }
                }
            );
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: {count} in {watch.Elapsed.TotalSeconds:F2} s = "
                        + $"{count / watch.Elapsed.TotalSeconds:F0}/s, slowest {slowest:F0} ms"
                )
            );
        }

        return 0;
    }
}
