using System.Text;
using NodaTime;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>What happened in a run, in simulated time: the last events for a failure's report, counts per kind
/// for the summary.</summary>
public sealed class SimulationLog(int seed)
{
    private const int Kept = 30;
    private readonly Queue<string> _last = new();
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Seed { get; } = seed;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public void Add(Instant at, string kind, string detail)
    {
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        _last.Enqueue($"{at:uuuu-MM-dd HH:mm:ss}Z {kind, -22} {detail}");
        if (_last.Count > Kept)
        {
            _last.Dequeue();
        }
    }

    /// <summary>The seed, the invariant that broke and how, and the last events: enough to run it again and see
    /// why.</summary>
    public string Failure(Instant at, string invariant, IReadOnlyList<string> violations)
    {
        var text = new StringBuilder();
        text.AppendLine(
            $"Simulation seed {Seed} broke invariant {invariant} at {at:uuuu-MM-dd HH:mm}Z "
                + $"({violations.Count} violation(s)); run it again with {ScenarioOptions.SeedsVariable}={Seed}."
        );
        foreach (var violation in violations.Take(15))
        {
            text.AppendLine("  - " + violation);
        }

        text.AppendLine($"The last {_last.Count} events:");
        foreach (var line in _last)
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }
}

/// <summary>Thrown when an invariant breaks; its message is the whole report.</summary>
public sealed class InvariantBrokenException(string message) : Exception(message);
