using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Scheduling.Benchmarks;

/// <summary>Wall-clock latencies of one operation, reported as percentiles in milliseconds.</summary>
internal sealed class Latencies(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var watch = Stopwatch.StartNew();
        var result = await operation();
        _milliseconds.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    public void Add(double milliseconds) => _milliseconds.Add(milliseconds);

    /// <summary>The percentiles of <see cref="Row"/> as JSON (milliseconds; none without samples).</summary>
    public JsonObject Summary()
    {
        var sorted = _milliseconds.Order().ToList();
        var summary = new JsonObject { ["name"] = Name, ["n"] = sorted.Count };
        if (sorted.Count > 0)
        {
            summary["p50Ms"] = Figures.Round(At(sorted, 0.50));
            summary["p95Ms"] = Figures.Round(At(sorted, 0.95));
            summary["p99Ms"] = Figures.Round(At(sorted, 0.99));
            summary["maxMs"] = Figures.Round(sorted[^1]);
        }

        return summary;
    }

    public string Row()
    {
        var sorted = _milliseconds.Order().ToList();
        if (sorted.Count == 0)
        {
            return $"| {Name} | 0 | | | | |";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Name} | {sorted.Count} | {At(sorted, 0.50):F1} | {At(sorted, 0.95):F1} | {At(sorted, 0.99):F1} "
                + $"| {sorted[^1]:F1} |"
        );
    }

    private static double At(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
