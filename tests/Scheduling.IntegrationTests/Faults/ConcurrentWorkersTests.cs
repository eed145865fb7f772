using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// Several worker processes on one database share a burst without sending anything twice
/// (docs/domain.md, "Who uses it": Ops).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ConcurrentWorkersTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Asserted: every message of the burst ends Sent, reached its provider, and reached it exactly once; both workers
    /// took part.
    /// </summary>
    [Fact]
    public async Task TwoWorkers_SendEveryMessageExactlyOnce()
    {
        await using var rig = await FaultRig.StartAsync(output, smtpDelay: TimeSpan.FromMilliseconds(20));
        var burst = await rig.BookBurstAsync(patients: 250);

        var workers = await Task.WhenAll(rig.StartWorkerAsync("worker-a"), rig.StartWorkerAsync("worker-b"));
        await rig.ReleaseAsync(burst);
        var drain = await rig.WaitForDrainAsync(burst.MessageIds, DrainTimeout);

        await AssertSentExactlyOnceAsync(rig, burst, drain, workers);
    }

    /// <summary>
    /// A slow mail server (200 ms a message, two connections a worker) makes one batch, the whole burst,
    /// take about 30 s: three times the 10 s lease. The second worker, started once the first has claimed
    /// everything, finds nothing to claim, puts the first one's expired claims back at its next recovery
    /// and sends them; the first worker must not send them as well. Asserted as above.
    /// </summary>
    [Fact]
    public async Task TwoWorkers_SendEveryMessageExactlyOnce_WhenABatchOutlastsItsLease()
    {
        await using var rig = await FaultRig.StartAsync(output, smtpDelay: TimeSpan.FromMilliseconds(200));
        var burst = await rig.BookBurstAsync(patients: 150);
        var slowMail = new Dictionary<string, string>
        {
            ["Email__Smtp__Connections"] = "2",
            ["Messaging__Dispatch__BatchSize"] = "1000",
        };

        var a = await rig.StartWorkerAsync("worker-a", slowMail);
        await rig.ReleaseAsync(burst);
        await rig.WaitForAsync(
            burst.MessageIds,
            s => !s.ContainsKey(nameof(MessageState.Planned)),
            DrainTimeout,
            "all claimed by worker-a"
        );
        var b = await rig.StartWorkerAsync("worker-b", slowMail);
        var drain = await rig.WaitForDrainAsync(burst.MessageIds, DrainTimeout);

        await AssertSentExactlyOnceAsync(rig, burst, drain, a, b);
    }

    private static async Task AssertSentExactlyOnceAsync(
        FaultRig rig,
        Burst burst,
        TimeSpan drain,
        params RunningHost[] workers
    )
    {
        var rows = (await rig.MessagesAsync()).Where(r => burst.MessageIds.Contains(r.Id)).ToList();
        var ledger = rig.Providers(burst, rows);
        var attempts = await rig.AcceptedAttemptsByProcessAsync();
        rig.Log(
            $"drained {burst.MessageIds.Count} messages in {drain.TotalSeconds:F1} s; accepted attempts by worker: "
                + string.Join(", ", workers.Select(w => $"pid {w.Id}: {attempts.GetValueOrDefault(w.Id)}"))
                + $"; duplicates at the providers: {ledger.ExtraCopies}"
        );

        var notSent = rows.Where(r => r.State != nameof(MessageState.Sent))
            .Select(r => $"{r.State} {r.Reason} {r.Kind}/{r.Channel} {r.Id}")
            .ToList();
        var copies = rows.Where(r => ledger.Copies.GetValueOrDefault(r.Id) != 1)
            .Select(r => $"{r.Kind}/{r.Channel} {r.Id}: {ledger.Copies.GetValueOrDefault(r.Id)} copies")
            .ToList();
        Assert.Empty(notSent);
        Assert.Empty(ledger.Unattributed);
        Assert.Empty(ledger.SentButNotAtProvider(rows));
        Assert.Empty(copies);
        Assert.All(workers, w =>
            Assert.True(
                attempts.GetValueOrDefault(w.Id) > 0,
                $"Worker pid {w.Id} sent nothing: the burst was not shared."
            )
        );
    }
}
