using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Scheduling.Core.Hosting;
using Scheduling.Core.Jobs;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.Benchmarks;

/// <summary>
/// A burst of messages due within one minute (half email, half SMS) drained by the real dispatcher
/// through a real SMTP server and the Twilio-compatible server (both in this process, on loopback),
/// with many more messages pending in the future; beside it, raw Hangfire no-op jobs on the same
/// database. Lateness is sent_at (written when the provider's answer is recorded) minus due_at.
/// Usage: dispatch [--burst 10000] [--pending 100000] [--connections 64] [--parallelism 128] [--hangfire-jobs 5000]
/// [--steady 1] [--warmup 0]
/// (--steady 0 runs the burst alone, for quicker comparisons while profiling; --warmup n first drains n
/// messages of the same kind through the same worker, unmeasured, so the burst meets a worker whose code is
/// already compiled, as a long-running one is).
/// </summary>
internal static class DispatchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var burst = Option(args, "--burst", 10_000);
        var pending = Option(args, "--pending", 100_000);
        var connections = Option(args, "--connections", 64);
        var parallelism = Option(args, "--parallelism", 128);
        var hangfireJobs = Option(args, "--hangfire-jobs", 5_000);
        var steady = Option(args, "--steady", 1) != 0;
        var warmup = Option(args, "--warmup", 0);
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Scheduling")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Scheduling to a migrated, empty database.");
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseNodaTime().Build();

        var hangfire = await HangfireBaselineAsync(connectionString, hangfireJobs);
        await using var smtp = FakeSmtpServer.Start();
        await using var twilio = await FakeTwilioServer.StartAsync();
        using var host = Worker(connectionString, smtp, twilio, connections, parallelism);
        await host.StartAsync();

        var now = SystemClock.Instance.GetCurrentInstant();
        if (warmup > 0)
        {
            await DispatchData.CreateAsync(
                dataSource,
                warmup,
                0,
                now,
                Duration.Zero,
                now,
                "Dispatch benchmark: warm-up"
            );
            await WaitForAsync(dataSource, now, TimeSpan.FromMinutes(10));
        }

        // All at once: how fast the dispatcher drains a backlog.
        now = SystemClock.Instance.GetCurrentInstant();
        var burstClinic = await DispatchData.CreateAsync(
            dataSource,
            burst,
            pending,
            now + Duration.FromSeconds(10),
            Duration.Zero,
            now,
            "Dispatch benchmark: burst"
        );
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var burstDrained = await WaitForAsync(dataSource, now + Duration.FromSeconds(10), TimeSpan.FromMinutes(10));
        var burstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var burstReport = await ReportAsync(dataSource, burstClinic);

        // Spread over one minute, with the future messages still pending: how late each one goes.
        var steadyDrained = true;
        var steadyReport = "(not run: --steady 0)";
        if (steady)
        {
            now = SystemClock.Instance.GetCurrentInstant();
            var steadyClinic = await DispatchData.CreateAsync(
                dataSource,
                burst,
                0,
                now + Duration.FromSeconds(10),
                Duration.FromMinutes(1),
                now,
                "Dispatch benchmark: one minute"
            );
            steadyDrained = await WaitForAsync(
                dataSource,
                now + Duration.FromSeconds(10) + Duration.FromMinutes(1),
                TimeSpan.FromMinutes(10)
            );
            steadyReport = await ReportAsync(dataSource, steadyClinic);
        }

        await host.StopAsync();

        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{burst:N0} messages (half email, half SMS), {pending:N0} more pending days ahead; "
                    + $"{connections} SMTP connections, dispatch parallelism {parallelism}; "
                    + $"{(warmup > 0
                        ? $"{warmup:N0} messages sent first to warm the worker"
                        : "a worker that sent nothing before")}."
            )
        );
        Console.WriteLine();
        Console.WriteLine($"All due at the same instant (drained: {burstDrained}):");
        Console.WriteLine();
        Console.WriteLine(burstReport);
        Console.WriteLine();
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"CPU time of this process (worker and both servers) while the burst drained: "
                    + $"{burstCpu.TotalSeconds:F1} s, {burstCpu.TotalMilliseconds / burst:F2} ms a message."
            )
        );
        Console.WriteLine();
        Console.WriteLine($"Due evenly over one minute (drained: {steadyDrained}):");
        Console.WriteLine();
        Console.WriteLine(steadyReport);
        Console.WriteLine();
        Console.WriteLine(await PendingAsync(dataSource));
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Providers received: {smtp.Received.Count:N0} emails, {twilio.Messages.Count:N0} SMS (each message "
                    + $"once: {smtp.Received.Count + twilio.Messages.Count == (steady ? 2 : 1) * burst + warmup})."
            )
        );
        Console.WriteLine();
        Console.WriteLine(hangfire);
        return burstDrained && steadyDrained ? 0 : 1;
    }

    private static IHost Worker(
        string connectionString,
        FakeSmtpServer smtp,
        FakeTwilioServer twilio,
        int connections,
        int parallelism
    )
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:Scheduling"] = connectionString,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Connections"] = connections.ToString(CultureInfo.InvariantCulture),
                ["Email:From"] = "clinic@example.test",
                ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
                ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
                ["Sms:Twilio:From"] = "+15005550006",
                ["Sms:Twilio:ApiBaseUrl"] = twilio.BaseUrl,
                ["PublicBaseUrl"] = "https://clinic.example.test",
                ["Messaging:Dispatch:Parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            }
        );
        builder.Services.AddSchedulingCore(builder.Configuration);
        builder.Services.AddSchedulingMessaging(builder.Configuration, runDispatcher: true);
        return builder.Build();
    }

    internal const string OfClinic =
        "kind = 'BookingConfirmation' AND patient_id IN (SELECT id FROM scheduling.patients WHERE clinic_id = $1)";

    /// <summary>
    /// Waits until none of the scenario's messages is still queued. The poll reads the pending-message index
    /// only (the scenario's messages are the only ones due before <paramref name="lastDue"/>; the pending
    /// reminders are days ahead), so the driver takes next to nothing from the two cores it measures.
    /// </summary>
    internal static async Task<bool> WaitForAsync(NpgsqlDataSource dataSource, Instant lastDue, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT EXISTS (SELECT FROM scheduling.messages WHERE state IN ('Planned', "
                    + "'Sending') AND next_attempt_at <= $1)"
            );
            command.Parameters.AddWithValue(lastDue);
            if (!(bool)(await command.ExecuteScalarAsync())!)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static async Task<string> ReportAsync(NpgsqlDataSource dataSource, Guid clinic)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT coalesce(channel, 'all'), count(*),
                   count(*) FILTER (WHERE state = 'Sent'),
                   extract(epoch FROM max(sent_at) - min(due_at)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   max(extract(epoch FROM sent_at - due_at))
            FROM scheduling.messages WHERE {OfClinic}
            GROUP BY ROLLUP (channel) ORDER BY 1;
            """
        );
        command.Parameters.AddWithValue(clinic);
        var lines = new List<string>
        {
            "| channel | messages | sent | first due → last sent (s) "
                + "| messages/s | lateness p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var span = reader.GetDouble(3);
                lines.Add(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {reader.GetString(0)} | {reader.GetInt64(1):N0} | {reader.GetInt64(2):N0} | {span:F1} | "
                            + $"{reader.GetInt64(2) / span:F0} | {reader.GetDouble(4) * 1000:F0} | "
                            + $"{reader.GetDouble(5) * 1000:F0} | {reader.GetDouble(6) * 1000:F0} "
                            + $"| {reader.GetDouble(7) * 1000:F0} |"
                    )
                );
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<string> PendingAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT state, count(*) FROM scheduling.messages WHERE kind = 'Reminder' GROUP BY state"
        );
        await using var states = await command.ExecuteReaderAsync();
        var pendingStates = new List<string>();
        while (await states.ReadAsync())
        {
            pendingStates.Add(
                string.Create(CultureInfo.InvariantCulture, $"{states.GetString(0)} {states.GetInt64(1):N0}")
            );
        }

        return $"Future messages afterwards: {string.Join(", ", pendingStates)}.";
    }

    /// <summary>
    /// 5,000 no-op jobs enqueued from one thread, then processed by one server with 20 workers (as in
    /// docs/performance.md, "Baselines of this kind of machine").
    /// </summary>
    internal static async Task<HangfireBaseline> HangfireBaselineAsync(string connectionString, int jobs)
    {
        var storage = new PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, HangfireSetup.StorageOptions()),
            HangfireSetup.StorageOptions()
        );
        var client = new BackgroundJobClient(storage);
        var enqueue = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            client.Enqueue(() => NoOp.Run());
        }

        enqueue.Stop();

        // Earlier runs on the same database left succeeded jobs of their own.
        var target = storage.GetMonitoringApi().SucceededListCount() + jobs;
        var process = Stopwatch.StartNew();
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 20 }, storage))
        {
            while (
                storage.GetMonitoringApi().SucceededListCount() < target && process.Elapsed < TimeSpan.FromMinutes(10)
            )
            {
                await Task.Delay(100);
            }

            process.Stop();
        }

        return new HangfireBaseline(jobs, jobs / enqueue.Elapsed.TotalSeconds, jobs / process.Elapsed.TotalSeconds);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return
            index >= 0
            && index + 1 < args.Length
            && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }
}

public static class NoOp
{
    public static void Run() { }
}

/// <summary>Hangfire no-op jobs on the same database: enqueued from one thread, processed by 20 workers.</summary>
internal sealed record HangfireBaseline(int Jobs, double EnqueuedPerSecond, double ProcessedPerSecond)
{
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Hangfire no-op baseline on the same database: {Jobs:N0} jobs enqueued at {EnqueuedPerSecond:F0} jobs/s, "
                + $"processed by one server with 20 workers at {ProcessedPerSecond:F0} jobs/s."
        );
}
