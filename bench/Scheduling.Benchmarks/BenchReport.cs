using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduling.Benchmarks;

/// <summary>
/// `ops/bench.sh`'s report: reads the figures each benchmark wrote into one folder (`--json`), puts each beside
/// its target (README, "Performance"; docs/performance.md) and beside the baselines measured in the same run
/// (Hangfire no-op jobs, pgbench), and writes report.md and report.json there. It judges nothing: a target
/// missed is written as missed, and the exit code only says whether the figures were there to read.
/// Usage: report --dir artifacts/bench
/// </summary>
internal static class BenchReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var dir = Figures.Text(args, "--dir") ?? "artifacts/bench";
        var inputs = new JsonObject();
        foreach (var name in new[] { "run", "pgbench", "booking", "workers", "pages-during-burst", "burst-for-pages" })
        {
            var path = Path.Combine(dir, $"{name}.json");
            inputs[name] = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path)) : null;
        }

        var rows = new JsonArray();
        var missing = new List<string>();
        void Add(string what, string input, string path, string unit, double? target, bool atMost)
        {
            var node = Find(inputs[input], path);
            if (node is null)
            {
                missing.Add($"{input}: {path}");
                return;
            }

            var figure = node.GetValue<double>();
            rows.Add(
                new JsonObject
                {
                    ["what"] = what,
                    ["figure"] = figure,
                    ["unit"] = unit,
                    ["target"] = target,
                    ["targetIs"] =
                        target is null ? "none set"
                        : atMost ? "at most"
                        : "at least",
                    ["met"] =
                        target is null ? null
                        : atMost ? figure <= target
                        : figure >= target,
                    ["loadAverage"] = LoadAt(inputs[input], path),
                }
            );
        }

        Add("booking: preview p95", "booking", "preview.p95Ms", "ms", 50, atMost: true);
        Add("booking: book p95", "booking", "book.p95Ms", "ms", 50, atMost: true);
        Add("day view (one clinic, one day) p95", "booking", "dayView.p95Ms", "ms", 100, atMost: true);
        foreach (var (run, index) in (inputs["workers"]?["runs"]?.AsArray() ?? []).Select((r, i) => (r, i)))
        {
            foreach (var kind in new[] { "cold", "warm" })
            {
                var workers = run!["workers"];
                Add(
                    $"burst, {workers} worker(s), {kind}",
                    "workers",
                    $"runs.{index}.{kind}.messagesPerSecond",
                    "messages/s",
                    1000,
                    atMost: false
                );
                Add(
                    $"worker peak memory, {workers} worker(s), after the {kind} burst (largest)",
                    "workers",
                    $"runs.{index}.{kind}.load.workers.max.peakMemoryMib",
                    "MiB",
                    null,
                    atMost: true
                );
            }
        }

        Add("punctuality: lateness p99, due over a span", "workers", "steady.latenessP99Ms", "ms", 1000, true);
        Add("pages during a burst: Today p95", "pages-during-burst", "today.p95Ms", "ms", 200, atMost: true);
        Add("pages during a burst: patient page p95", "pages-during-burst", "patientPage.p95Ms", "ms", 200, true);
        Add(
            "the burst under those pages",
            "burst-for-pages",
            "runs.0.cold.messagesPerSecond",
            "messages/s",
            1000,
            atMost: false
        );
        Add("baseline: Hangfire no-op jobs enqueued", "workers", "hangfire.enqueuedPerSecond", "jobs/s", null, false);
        Add("baseline: Hangfire no-op jobs processed", "workers", "hangfire.processedPerSecond", "jobs/s", null, false);
        Add("baseline: pgbench -N", "pgbench", "tps", "transactions/s", null, atMost: false);

        var report = new JsonObject
        {
            ["run"] = inputs["run"]?.DeepClone(),
            ["figures"] = rows,
            ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]),
            ["overlap"] = Overlap(inputs["pages-during-burst"], inputs["burst-for-pages"]),
            ["inputs"] = inputs.DeepClone(),
        };
        await File.WriteAllTextAsync(Path.Combine(dir, "report.json"), report.ToJsonString(Indented));
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), Markdown(report, inputs));
        foreach (var line in missing)
        {
            await Console.Error.WriteLineAsync($"missing figure: {line}");
        }

        return missing.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// A dotted path into the figures; a number picks an array item, and `max` the item with the largest value of
    /// the rest of the path.
    /// </summary>
    private static JsonNode? Find(JsonNode? node, string path)
    {
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length && node is not null; i++)
        {
            if (parts[i] == "max" && node is JsonArray items)
            {
                var rest = string.Join('.', parts[(i + 1)..]);
                return items
                    .Select(item => Find(item, rest))
                    .Where(n => n is not null)
                    .MaxBy(n => n!.GetValue<double>());
            }

            node =
                int.TryParse(parts[i], CultureInfo.InvariantCulture, out var index) && node is JsonArray array
                    ? index < array.Count
                        ? array[index]
                        : null
                    : node is JsonObject obj
                        ? obj[parts[i]]
                        : null;
        }

        return node;
    }

    /// <summary>The load average written nearest the figure: its burst's, else its benchmark's.</summary>
    private static string? LoadAt(JsonNode? input, string path)
    {
        var parts = path.Split('.');
        for (var length = parts.Length - 1; length >= 0; length--)
        {
            if (Find(input, string.Join('.', parts[..length].Append("loadAverage"))) is JsonValue load)
            {
                return load.GetValue<string>();
            }
        }

        return null;
    }

    /// <summary>How much of the pages' measured time the burst was still draining.</summary>
    private static JsonObject? Overlap(JsonNode? pages, JsonNode? burst)
    {
        if (pages?["startedAt"] is null || burst?["runs"]?[0]?["cold"] is not JsonObject cold)
        {
            return null;
        }

        var pagesStart = DateTimeOffset.Parse(pages["startedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var pagesEnd = DateTimeOffset.Parse(pages["endedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var burstStart = DateTimeOffset.Parse(cold["releasedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var burstEnd = DateTimeOffset.Parse(cold["drainedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var overlap = (Min(pagesEnd, burstEnd) - Max(pagesStart, burstStart)).TotalSeconds;
        var pagesSeconds = (pagesEnd - pagesStart).TotalSeconds;
        return new JsonObject
        {
            ["pagesSeconds"] = Figures.Round(pagesSeconds),
            ["burstSeconds"] = Figures.Round((burstEnd - burstStart).TotalSeconds),
            ["shareOfPagesDuringBurst"] = Figures.Round(Math.Max(0, overlap) / Math.Max(0.001, pagesSeconds)),
        };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Markdown(JsonObject report, JsonObject inputs)
    {
        var run = report["run"];
        var text = new StringBuilder();
        text.AppendLine("# Benchmark report");
        text.AppendLine();
        text.AppendLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Run {run?["startedAt"]} to {run?["endedAt"]} on {run?["cores"]} cores, load average at the start "
                    + $"{run?["loadAtStart"]} and at the end {run?["loadAtEnd"]}; mode: {run?["mode"]}."
            )
        );
        text.AppendLine();
        text.AppendLine(
            run?["mode"]?.GetValue<string>() == "smoke"
                ? "A smoke run: every benchmark at a tiny size, to show that each runs. Its figures measure nothing."
                : "Figures from a shared machine are only as good as its load: re-measure on a quiet machine "
                    + "(load average under 2) before quoting one, and compare ratios within one run."
        );
        text.AppendLine();
        text.AppendLine("| what | figure | target | met | load average (1, 5, 15 min) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in report["figures"]!.AsArray())
        {
            var target = row!["target"] is null ? "none set" : $"{row["targetIs"]} {row["target"]} {row["unit"]}";
            var met =
                row["met"] is null ? ""
                : row["met"]!.GetValue<bool>() ? "yes"
                : "**no**";
            text.AppendLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {row["what"]} | {row["figure"]} {row["unit"]} | {target} | {met} | {row["loadAverage"]} |"
                )
            );
        }

        if (report["overlap"] is JsonObject overlap)
        {
            text.AppendLine();
            text.AppendLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The pages were measured for {overlap["pagesSeconds"]} s; the burst beside them drained in "
                        + $"{overlap["burstSeconds"]} s; {overlap["shareOfPagesDuringBurst"]} of the pages' "
                        + $"time fell inside the burst."
                )
            );
        }

        if (inputs["workers"] is JsonObject workers)
        {
            text.AppendLine();
            text.AppendLine("## Dispatch with 1, 2, 3 worker processes");
            text.AppendLine();
            text.Append(WorkersReport.Markdown(workers));
        }

        foreach (var missing in report["missing"]!.AsArray())
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- missing: {missing}"));
        }

        return text.ToString();
    }
}
