using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using NodaTime;
using Npgsql;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.Benchmarks;

/// <summary>
/// The dispatch benchmark with real worker processes: for each count N it starts N fresh Scheduling.Worker
/// processes against one database (the SMTP server and the Twilio-compatible server stay in this process),
/// releases a burst the moment they have started (cold: the first work they do), then a second burst to the
/// same processes (warm), and with the first count a burst spread over a span (punctuality). Beside each
/// burst, what limited it (<see cref="LoadSampler"/>).
/// Usage: dispatch --workers 1,2,3 [--burst 10000] [--pending 100000] [--connections 32] [--parallelism 64]
/// [--hangfire-jobs 5000] [--steady-seconds 60] [--worker-dll PATH] [--json PATH]
/// </summary>
internal static class WorkersBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var counts = (Figures.Text(args, "--workers") ?? "1")
            .Split(',')
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture))
            .ToList();
        var burst = Figures.Number(args, "--burst", 10_000);
        var pending = Figures.Number(args, "--pending", 100_000);
        var connections = Figures.Number(args, "--connections", 32);
        var parallelism = Figures.Number(args, "--parallelism", 64);
        var hangfireJobs = Figures.Number(args, "--hangfire-jobs", 5_000);
        var steadySeconds = Figures.Number(args, "--steady-seconds", 60);
        var dll = Path.GetFullPath(Figures.Text(args, "--worker-dll") ?? WorkerProcess.BuiltDll());
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Scheduling")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Scheduling to a migrated database.");
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseNodaTime().Build();
        var readyToRun = IsReadyToRun(dll);
        await Console.Error.WriteLineAsync($"    worker: {dll} (ReadyToRun: {readyToRun})");

        var figures = new JsonObject
        {
            ["burst"] = burst,
            ["pendingPerRun"] = pending,
            ["connections"] = connections,
            ["parallelism"] = parallelism,
            ["workerDll"] = dll,
            ["readyToRun"] = readyToRun,
        };
        if (hangfireJobs > 0)
        {
            await Console.Error.WriteLineAsync($"    Hangfire no-op jobs: {hangfireJobs:N0}");
            var hangfire = await DispatchBenchmark.HangfireBaselineAsync(connectionString, hangfireJobs);
            figures["hangfire"] = new JsonObject
            {
                ["jobs"] = hangfire.Jobs,
                ["enqueuedPerSecond"] = Figures.Round(hangfire.EnqueuedPerSecond),
                ["processedPerSecond"] = Figures.Round(hangfire.ProcessedPerSecond),
            };
        }

        await using var smtp = FakeSmtpServer.Start();
        await using var twilio = await FakeTwilioServer.StartAsync();
        var environment = WorkerSettings(smtp, twilio, connections, parallelism);
        var runs = new JsonArray();
        var expected = 0;
        foreach (var count in counts)
        {
            var cold = await BurstMeasure.HoldAsync(dataSource, burst, pending, Duration.Zero, $"{count} cold");
            var warm = await BurstMeasure.HoldAsync(dataSource, burst, 0, Duration.Zero, $"{count} warm");
            await Console.Error.WriteLineAsync($"    starting {count} worker process(es)");
            var workers = await Task.WhenAll(
                Enumerable
                    .Range(1, count)
                    .Select(i => WorkerProcess.StartAsync(dll, $"worker-{count}.{i}", environment))
            );
            try
            {
                var run = new JsonObject
                {
                    ["workers"] = count,
                    ["startSeconds"] = new JsonArray([
                        .. workers.Select(w => (JsonNode)Figures.Round(w.StartedIn.TotalSeconds)),
                    ]),
                    ["cold"] = await BurstMeasure.RunAsync(dataSource, cold, workers, $"{count} worker(s), cold"),
                    ["warm"] = await BurstMeasure.RunAsync(dataSource, warm, workers, $"{count} worker(s), warm"),
                };
                expected += 2 * burst;
                if (steadySeconds > 0 && runs.Count == 0)
                {
                    var steady = await BurstMeasure.HoldAsync(
                        dataSource,
                        burst,
                        0,
                        Duration.FromSeconds(steadySeconds),
                        $"{count} steady"
                    );
                    figures["steady"] = await BurstMeasure.RunAsync(
                        dataSource,
                        steady,
                        workers,
                        $"{count} worker(s), due over {steadySeconds} s"
                    );
                    figures["steadySeconds"] = steadySeconds;
                    expected += burst;
                }

                runs.Add(run);
            }
            finally
            {
                foreach (var worker in workers)
                {
                    await worker.DisposeAsync();
                }
            }
        }

        figures["runs"] = runs;
        figures["providers"] = Providers(smtp, twilio, expected);
        figures["futureMessages"] = await FutureStatesAsync(dataSource);
        Console.WriteLine(WorkersReport.Markdown(figures));
        await Figures.WriteAsync(args, "workers", figures);
        var allDrained = runs.All(r => (bool)r!["cold"]!["drained"]! && (bool)r["warm"]!["drained"]!);
        return allDrained && (bool)figures["providers"]!["eachOnce"]! ? 0 : 1;
    }

    private static Dictionary<string, string> WorkerSettings(
        FakeSmtpServer smtp,
        FakeTwilioServer twilio,
        int connections,
        int parallelism
    ) =>
        new()
        {
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__Smtp__Connections"] = connections.ToString(CultureInfo.InvariantCulture),
            ["Email__From"] = "clinic@example.test",
            ["Sms__Twilio__AccountSid"] = twilio.AccountSid,
            ["Sms__Twilio__AuthToken"] = twilio.AuthToken,
            ["Sms__Twilio__From"] = "+15005550006",
            ["Sms__Twilio__ApiBaseUrl"] = twilio.BaseUrl,
            ["PublicBaseUrl"] = "https://clinic.example.test",
            ["Messaging__Dispatch__Parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };

    /// <summary>
    /// What the providers took: every email carries its message's id as Message-ID, so a copy shows as a repeated
    /// id; an SMS carries no id of ours, so SMS are held to the count.
    /// </summary>
    private static JsonObject Providers(FakeSmtpServer smtp, FakeTwilioServer twilio, int expected)
    {
        var emails = smtp.Received;
        var distinct = emails.Select(e => e.Message.MessageId).Distinct(StringComparer.Ordinal).Count();
        var sms = twilio.Messages.Count;
        return new JsonObject
        {
            ["expected"] = expected,
            ["emails"] = emails.Count,
            ["distinctEmails"] = distinct,
            ["sms"] = sms,
            ["eachOnce"] = distinct == emails.Count && emails.Count + sms == expected,
        };
    }

    private static async Task<JsonObject> FutureStatesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT state, count(*) FROM scheduling.messages WHERE kind = 'Reminder' GROUP BY state"
        );
        await using var reader = await command.ExecuteReaderAsync();
        var states = new JsonObject();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = reader.GetInt64(1);
        }

        return states;
    }

    /// <summary>Whether the assembly holds precompiled code (a ReadyToRun image has a managed native header).</summary>
    private static bool IsReadyToRun(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
