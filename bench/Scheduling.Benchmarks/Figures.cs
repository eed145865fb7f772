using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduling.Benchmarks;

/// <summary>
/// A benchmark's figures as JSON, for `ops/bench.sh` and the `report` mode: written to the file named by
/// `--json PATH` when the command line has one, and nowhere otherwise. Also reads the shared options.
/// </summary>
internal static class Figures
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(string[] args, string benchmark, JsonObject figures)
    {
        if (Text(args, "--json") is not { } path)
        {
            return;
        }

        figures["benchmark"] = benchmark;
        figures["measuredAt"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        figures["loadAverage"] = LoadAverage();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, figures.ToJsonString(Indented));
    }

    /// <summary>The 1, 5 and 15 minute load averages of the machine (/proc/loadavg), as `uptime` shows them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";

    public static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    /// <summary>A figure rounded for reading (never rounded up past what it is: two decimals kept).</summary>
    public static double Round(double value) => Math.Round(value, 2, MidpointRounding.ToZero);
}
