using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// A worker process killed with SIGKILL in the middle of a burst, and another started (docs/domain.md,
/// "Messages": a crash at any point loses nothing; a duplicate is possible only between the provider
/// accepting a message and our commit).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class WorkerCrashTests(ITestOutputHelper output)
{
    private const int Patients = 250;
    private static readonly TimeSpan SmtpDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The killed worker's claims come back after the lease (10 s) at the next recovery (every 15 s).
    /// </summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Asserted: every message of the burst ends Sent and each reached its provider; a message reached a
    /// provider twice only if it was in flight at the kill, i.e. still Sending under the killed worker's
    /// claim once its last statements had finished (claimed, perhaps handed over, outcome not recorded);
    /// so the duplicates are at most that many (itself at most one batch); and every duplicate carries an
    /// Unknown attempt in message_attempts, written when its claim was put back, so none is silent.
    /// </summary>
    [Fact]
    public async Task KilledWorker_LosesNothing_AndDuplicatesOnlyWhatItHadInFlight()
    {
        await using var rig = await FaultRig.StartAsync(output, SmtpDelay);
        var burst = await rig.BookBurstAsync(Patients);
        var total = burst.MessageIds.Count;

        var first = await rig.StartWorkerAsync("worker-a");
        await rig.ReleaseAsync(burst);
        var untilKill = await rig.WaitForAsync(
            burst.MessageIds,
            s => s.GetValueOrDefault("Sent") >= total / 3,
            DrainTimeout,
            "a third of the burst sent"
        );
        await first.KillAsync();
        await rig.WaitForQuietDatabaseAsync(TimeSpan.FromSeconds(10));
        var atKill = await rig.MessagesAsync();
        var inFlight = atKill
            .Where(m => m.State == nameof(MessageState.Sending) && m.ClaimedByProcess == first.Id)
            .Select(m => m.Id)
            .ToHashSet();
        var sentAtKill = atKill.Count(m => burst.MessageIds.Contains(m.Id) && m.State == nameof(MessageState.Sent));
        rig.Log(
            $"killed worker-a {untilKill.TotalSeconds:F1} s after the release: "
                + $"{sentAtKill} of {total} sent, {inFlight.Count} in flight under its claim"
        );
        Assert.True(sentAtKill < total, "The kill came after the whole burst was sent, so it tests nothing.");
        Assert.True(inFlight.Count > 0, "The kill landed between two batches, so nothing was in flight.");

        await rig.StartWorkerAsync("worker-b");
        var drain = await rig.WaitForDrainAsync(burst.MessageIds, DrainTimeout);

        var rows = await rig.MessagesAsync();
        var burstRows = rows.Where(r => burst.MessageIds.Contains(r.Id)).ToList();
        var ledger = rig.Providers(burst, rows);
        rig.Log(
            $"worker-b drained the rest {drain.TotalSeconds:F1} s after it started; "
                + $"duplicates at the providers: {ledger.ExtraCopies} "
                + "(email "
                + $"{ledger.Duplicated.Count(id => rows.Single(r => r.Id == id).Channel == nameof(Channel.Email))}, "
                + $"SMS {ledger.Duplicated.Count(id => rows.Single(r => r.Id == id).Channel == nameof(Channel.Sms))}), "
                + $"bound: {inFlight.Count} in flight at the kill"
        );

        var notSent = burstRows
            .Where(r => r.State != nameof(MessageState.Sent))
            .Select(r => $"{r.State} {r.Reason} {r.Kind}/{r.Channel} {r.Id}")
            .ToList();
        var neverReachedProvider = burstRows.Where(r => !ledger.Copies.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        var duplicatedButNotInFlight = ledger.Duplicated.Except(inFlight).ToList();
        var silentDuplicates = ledger
            .Duplicated.Where(id => rows.Single(r => r.Id == id).UnknownAttempts == 0)
            .ToList();
        Assert.Empty(notSent);
        Assert.Empty(ledger.Unattributed);
        Assert.Empty(ledger.SentButNotAtProvider(burstRows));
        Assert.Empty(neverReachedProvider);
        Assert.Empty(duplicatedButNotInFlight);
        Assert.True(
            ledger.ExtraCopies <= inFlight.Count,
            $"{ledger.ExtraCopies} duplicates, more than the {inFlight.Count} messages in flight at the kill."
        );
        Assert.Empty(silentDuplicates);
    }
}
