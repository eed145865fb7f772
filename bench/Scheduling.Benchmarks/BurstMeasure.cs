using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using Npgsql;

namespace Scheduling.Benchmarks;

/// <summary>
/// One scenario of the multi-process dispatch benchmark: its rows are written held back a day, then released
/// at once (due now, or spread over a span from now), and timed from that release until none of them is still
/// queued, with <see cref="LoadSampler"/> watching the machine meanwhile. The figures are read from the rows:
/// the rate is sent messages over first due → last sent; lateness is sent_at − due_at.
/// </summary>
internal static class BurstMeasure
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Writes the scenario's rows, due a day from now, so that workers can start before it begins.</summary>
    public static async Task<HeldBurst> HoldAsync(
        NpgsqlDataSource dataSource,
        int messages,
        int pending,
        Duration spread,
        string label
    )
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var heldStart = now + Duration.FromDays(1);
        var clinic = await DispatchData.CreateAsync(dataSource, messages, pending, heldStart, spread, now, label);
        return new HeldBurst(clinic, heldStart, spread, messages);
    }

    /// <summary>Makes the held rows due (the first now) and measures until they are all sent.</summary>
    public static async Task<JsonObject> RunAsync(
        NpgsqlDataSource dataSource,
        HeldBurst burst,
        IReadOnlyList<WorkerProcess> workers,
        string what
    )
    {
        await using var sampler = await LoadSampler.StartAsync(dataSource, workers);
        var released = SystemClock.Instance.GetCurrentInstant();
        await using (
            var release = dataSource.CreateCommand(
                $"""
                UPDATE scheduling.messages SET due_at = $2 + (due_at - $3), next_attempt_at = $2 + (due_at - $3)
                WHERE {DispatchBenchmark.OfClinic}
                """
            )
        )
        {
            release.Parameters.AddWithValue(burst.Clinic);
            release.Parameters.AddWithValue(released);
            release.Parameters.AddWithValue(burst.HeldStart);
            await release.ExecuteNonQueryAsync();
        }

        await Console.Error.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"    {what}: {burst.Messages:N0} released at {released} to {workers.Count} worker(s), load average "
                    + $"{Figures.LoadAverage()}"
            )
        );
        var drained = await DispatchBenchmark.WaitForAsync(dataSource, released + burst.Spread, DrainTimeout);
        var load = await sampler.StopAsync();
        var figures = await FiguresAsync(dataSource, burst.Clinic);
        figures["drained"] = drained;
        figures["releasedAt"] = released.ToString();
        figures["drainedAt"] = SystemClock.Instance.GetCurrentInstant().ToString();
        figures["loadAverage"] = Figures.LoadAverage();
        figures["load"] = load;
        await Console.Error.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"    {what}: {figures["sent"]} sent, {figures["messagesPerSecond"]} messages/s, lateness p99 "
                    + $"{figures["latenessP99Ms"]} ms (drained: {drained})"
            )
        );
        return figures;
    }

    /// <summary>Rate and lateness of the scenario's rows, overall and by channel.</summary>
    private static async Task<JsonObject> FiguresAsync(NpgsqlDataSource dataSource, Guid clinic)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT coalesce(channel, 'all'), count(*), count(*) FILTER (WHERE state = 'Sent'),
                   coalesce(extract(epoch FROM max(sent_at) - min(due_at)), 0),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)),
                   max(extract(epoch FROM sent_at - due_at))
            FROM scheduling.messages WHERE {DispatchBenchmark.OfClinic}
            GROUP BY ROLLUP (channel)
            """
        );
        command.Parameters.AddWithValue(clinic);
        var figures = new JsonObject();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var sent = reader.GetInt64(2);
            var span = Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture);
            var rate = span > 0 ? Figures.Round(sent / span) : 0;
            switch (reader.GetString(0))
            {
                case "all":
                    figures["messages"] = reader.GetInt64(1);
                    figures["sent"] = sent;
                    figures["seconds"] = Figures.Round(span);
                    figures["messagesPerSecond"] = rate;
                    figures["latenessP50Ms"] = Milliseconds(reader, 4);
                    figures["latenessP95Ms"] = Milliseconds(reader, 5);
                    figures["latenessP99Ms"] = Milliseconds(reader, 6);
                    figures["latenessMaxMs"] = Milliseconds(reader, 7);
                    break;
                case var channel:
                    figures[$"{channel.ToLowerInvariant()}PerSecond"] = rate;
                    break;
            }
        }

        return figures;
    }

    private static double? Milliseconds(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column)
            ? null
            : Figures.Round(Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture) * 1000);
}

/// <summary>A scenario's rows, written and held back: its clinic, when its first row is due, its spread.</summary>
internal sealed record HeldBurst(Guid Clinic, Instant HeldStart, Duration Spread, int Messages);
