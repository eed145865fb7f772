using Npgsql;
using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL restarted in the middle of a burst (docs/domain.md, "Who uses it": ops must never lose a
/// reminder to a database restart).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Claims cut off by the restart come back after the lease (10 s) at the next recovery (every 15 s).
    /// </summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Asserted: the worker process survives the restart and, with no help, brings every message of the
    /// burst to Sent, each at its provider (nothing lost); a message reached a provider twice only if its
    /// outcome could not be recorded, so its claim ran out and was put back with an Unknown attempt.
    /// </summary>
    [Fact]
    public async Task DatabaseRestart_MidBurst_LosesNothing_AndTheWorkerCarriesOn()
    {
        var server = PostgresServer.FromEnvironment();
        await using var rig = await FaultRig.StartAsync(output, smtpDelay: TimeSpan.FromMilliseconds(20));
        var burst = await rig.BookBurstAsync(patients: 250);
        var total = burst.MessageIds.Count;

        var worker = await rig.StartWorkerAsync("worker");
        await rig.ReleaseAsync(burst);
        var untilRestart = await rig.WaitForAsync(
            burst.MessageIds,
            s => s.GetValueOrDefault("Sent") >= total / 3,
            DrainTimeout,
            "a third of the burst sent"
        );
        var restart = await server.RestartAsync(RestartTimeout);
        NpgsqlConnection.ClearAllPools();
        rig.Log(
            $"restarted PostgreSQL (port {server.Port}) {untilRestart.TotalSeconds:F1} s after the release; "
                + $"the restart took {restart.TotalSeconds:F1} s"
        );

        var drain = await rig.WaitForDrainAsync(burst.MessageIds, DrainTimeout);

        var rows = await rig.MessagesAsync();
        var burstRows = rows.Where(r => burst.MessageIds.Contains(r.Id)).ToList();
        var ledger = rig.Providers(burst, rows);
        rig.Log(
            $"drained {drain.TotalSeconds:F1} s after the restart; claims put back: "
                + $"{burstRows.Count(r => r.UnknownAttempts > 0)}; duplicates at the providers: {ledger.ExtraCopies}"
        );

        Assert.False(worker.HasExited, $"The worker died with the database:\n{worker.Tail()}");
        var notSent = burstRows
            .Where(r => r.State != nameof(MessageState.Sent))
            .Select(r => $"{r.State} {r.Reason} {r.Kind}/{r.Channel} {r.Id}")
            .ToList();
        var neverReachedProvider = burstRows.Where(r => !ledger.Copies.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        var silentDuplicates = ledger
            .Duplicated.Where(id => rows.Single(r => r.Id == id).UnknownAttempts == 0)
            .ToList();
        Assert.Empty(notSent);
        Assert.Empty(ledger.Unattributed);
        Assert.Empty(ledger.SentButNotAtProvider(burstRows));
        Assert.Empty(neverReachedProvider);
        Assert.Empty(silentDuplicates);
    }
}
