using System.Globalization;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// What one simulated run contains (docs/simulation.md). Every behaviour of issue 11 that the simulation
/// proves is a named switch: its events and its invariant exist either way; a switch that is off leaves
/// out the events whose outcome needs a change not yet made, or accepts today's outcome, as its comment says.
/// </summary>
public sealed record ScenarioOptions
{
    public const string SeedsVariable = "SCHEDULING_SIMULATION_SEEDS";
    public const string WeeksVariable = "SCHEDULING_SIMULATION_WEEKS";
    public const string SwitchesVariable = "SCHEDULING_SIMULATION_SWITCHES";

    /// <summary>
    /// The runs ops/test.sh makes: fixed, so a red run is red again on the same code; eight weeks of one
    /// seed and three of another keep the simulation within its share of the suite's time (docs/simulation.md).
    /// </summary>
    public static readonly IReadOnlyList<(int Seed, int Weeks)> FixedRuns = [(1, 8), (2, 3)];

    public required int Seed { get; init; }
    public int Weeks { get; init; } = 8;
    public int Patients { get; init; } = 60;
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);

    public bool Cancellations { get; init; } = true;
    public bool Moves { get; init; } = true;
    public bool NoShows { get; init; } = true;
    public bool OptOutAndBackIn { get; init; } = true;
    public bool ConfirmAndCallBackReplies { get; init; } = true;
    public bool CorrectedContacts { get; init; } = true;
    public bool PermanentRefusals { get; init; } = true;
    public bool ProviderOutages { get; init; } = true;
    public bool DroppedAndStalledHandovers { get; init; } = true;
    public bool KilledDispatcher { get; init; } = true;
    public bool Item9Positives { get; init; } = true;

    public bool ClinicWithKetamineInName { get; init; } = true;

    public bool MalformedContacts { get; init; } = true;

    public bool MalformedRowsFailAlone { get; init; } = true;

    public bool DefaultCapsKeepEveryReminder { get; init; } = true;

    public bool UndeliveredCallbacks { get; init; } = true;

    public bool RepageExpected { get; init; } = true;

    public bool DispatcherHeartbeat { get; init; } = true;

    public bool Item9AnswersKept { get; init; } = true;

    /// <summary>Patients wait for a booster; cancelled chair time is offered to them and most answer YES.</summary>
    public bool WaitlistRefills { get; init; } = true;

    /// <summary>
    /// The runs to make: the fixed ones, or SCHEDULING_SIMULATION_SEEDS=1,2,3 with SCHEDULING_SIMULATION_WEEKS=8
    /// (default 8); SCHEDULING_SIMULATION_SWITCHES=RepageExpected,… turns switches on, to try a change before
    /// its switch is turned on here.
    /// </summary>
    public static IReadOnlyList<ScenarioOptions> FromEnvironment()
    {
        var weeks = Environment.GetEnvironmentVariable(WeeksVariable) is { Length: > 0 } w
            ? int.Parse(w, CultureInfo.InvariantCulture)
            : 8;
        var runs = Environment.GetEnvironmentVariable(SeedsVariable) is { Length: > 0 } text
            ? [.. Split(text).Select(s => (int.Parse(s, CultureInfo.InvariantCulture), weeks))]
            : FixedRuns;
        var on = Split(Environment.GetEnvironmentVariable(SwitchesVariable) ?? "").ToList();
        return [.. runs.Select(run => WithSwitches(new ScenarioOptions { Seed = run.Seed, Weeks = run.Weeks }, on))];
    }

    private static string[] Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static ScenarioOptions WithSwitches(ScenarioOptions options, List<string> on)
    {
        foreach (var name in on)
        {
            var property = typeof(ScenarioOptions).GetProperty(name) is { PropertyType.Name: nameof(Boolean) } found
                ? found
                : throw new ArgumentException(
                    $"{SwitchesVariable} names {name}, which is not a switch of {nameof(ScenarioOptions)}."
                );
            property.SetValue(options, true);
        }

        return options;
    }

    public IEnumerable<string> Switches() =>
        [
            $"{nameof(ClinicWithKetamineInName)}={ClinicWithKetamineInName}",
            $"{nameof(MalformedContacts)}={MalformedContacts}",
            $"{nameof(MalformedRowsFailAlone)}={MalformedRowsFailAlone}",
            $"{nameof(DefaultCapsKeepEveryReminder)}={DefaultCapsKeepEveryReminder}",
            $"{nameof(UndeliveredCallbacks)}={UndeliveredCallbacks}",
            $"{nameof(RepageExpected)}={RepageExpected}",
            $"{nameof(DispatcherHeartbeat)}={DispatcherHeartbeat}",
            $"{nameof(Item9AnswersKept)}={Item9AnswersKept}",
            $"{nameof(WaitlistRefills)}={WaitlistRefills}",
        ];
}
