using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// The deterministic clinic simulation (docs/simulation.md): each seed is a fresh database and host, weeks
/// of three clinics on a fake clock, invariants every simulated hour, and a summary table of every
/// message by kind, channel, state and reason at the end of each run.
/// </summary>
public sealed class ClinicSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EverySeed_KeepsEveryInvariant_ForWeeksOfThreeClinics()
    {
        foreach (var options in ScenarioOptions.FromEnvironment())
        {
            await RunAsync(options);
        }
    }

    private async Task RunAsync(ScenarioOptions options)
    {
        var wall = Stopwatch.StartNew();
        await using var app = new SimulationApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            var simulation = new ClinicSimulation(app, options);
            output.WriteLine(
                $"seed {options.Seed}: {options.Weeks} week(s), {options.Patients} patients, "
                    + $"step {options.Step}; "
                    + string.Join(", ", options.Switches())
            );
            try
            {
                await simulation.RunAsync();
            }
            finally
            {
                output.WriteLine(await SummaryAsync(app, simulation, wall.Elapsed));
            }
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private static async Task<string> SummaryAsync(SimulationApp app, ClinicSimulation simulation, TimeSpan wall)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(
            $"seed {simulation.Log.Seed}: simulated to {simulation.Now:uuuu-MM-dd HH:mm}Z "
                + $"in {simulation.Steps} steps, "
                + $"{wall.TotalSeconds:F1} s of wall time; providers took {app.Twilio.Messages.Count} SMS "
                + $"and {app.Smtp.Received.Count} emails"
        );
        text.AppendLine($"{"kind", -20} {"channel", -7} {"state", -10} {"reason", -24} {"count", 6}");
        await using var command = app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                """
                SELECT kind, channel, state, coalesce(reason, ''), count(*) FROM scheduling.messages
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                """
            );
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.AppendLine(
                $"{reader.GetString(0), -20} {reader.GetString(1), -7} {reader.GetString(2), -10} "
                    + $"{reader.GetString(3), -24} {reader.GetInt64(4), 6}"
            );
        }

        text.AppendLine(await WaitlistFigures.SummaryAsync(app.Services.GetRequiredService<NpgsqlDataSource>()));
        text.AppendLine(
            "wall time by phase: "
                + string.Join(", ", simulation.Phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:F1} s"))
        );
        text.AppendLine("events: " + string.Join(", ", simulation.Log.Counts.Select(c => $"{c.Key} {c.Value}")));
        return text.ToString();
    }
}
