using System.Diagnostics;
using System.Globalization;

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

    public string Row()
    {
        var sorted = _milliseconds.Order().ToList();
        if (sorted.Count == 0)
        {
            return $"| {Name} | 0 | | | | |";
        }

        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Name} | {sorted.Count} | {At(0.50):F1} | {At(0.95):F1} | {At(0.99):F1} | {sorted[^1]:F1} |"
        );
    }
}
