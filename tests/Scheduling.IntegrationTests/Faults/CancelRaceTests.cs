using Npgsql;
using Scheduling.Domain.Messaging;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// The front desk cancels sessions while two workers drain a burst that includes those sessions'
/// messages (docs/domain.md, "Who uses it": the front desk must never see "a reminder going out for a
/// session they cancelled").
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class CancelRaceTests(ITestOutputHelper output)
{
    private const int Cancels = 60;

    /// <summary>
    /// Slow enough that a batch of claimed emails takes seconds to send, which is where a cancel can slip in.
    /// </summary>
    private static readonly TimeSpan SmtpDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What a send may still take after its last check: the server's own delay plus a second and a half
    /// for round trips and for three busy processes sharing two cores.
    /// </summary>
    private static readonly TimeSpan OneSend = SmtpDelay + TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The design's guarantee: a message is checked against its session right before it is handed to the
    /// provider, so one whose check passed just before a cancel committed may still go, and nothing else.
    /// Messages about a cancelled session are the session's reminders and the booking confirmation of its
    /// series (a booster: the session is the whole series). Asserted, for each cancel, with its commit
    /// bounded above by the moment the API answered (T): no provider accepted such a message later than
    /// T + one send; the cancel notices (email and SMS) were all sent, once each; every other message of
    /// the burst was sent, once; nothing that was due is left Planned or Sending. Cancels go first to
    /// sessions with a message claimed at that moment, so most land on a message in flight.
    /// </summary>
    [Fact]
    public async Task Cancel_WhileWorkersDrain_NoMessageAboutTheSessionGoesOutAfterItsCommit_ExceptTheCancelNotice()
    {
        await using var rig = await FaultRig.StartAsync(output, SmtpDelay);
        var burst = await rig.BookBurstAsync(patients: 250);
        var sessionOf = (MessageRow r) =>
            r.AppointmentId ?? burst.Bookings.First(b => b.Series == r.SubjectId).Appointment;

        await Task.WhenAll(rig.StartWorkerAsync("worker-a"), rig.StartWorkerAsync("worker-b"));
        await rig.ReleaseAsync(burst);
        await rig.WaitForAsync(
            burst.MessageIds,
            s => s.GetValueOrDefault("Sent") > 0,
            DrainTimeout,
            "a first message sent"
        );
        var (cancelled, claimedAtCancel) = await CancelWhileDrainingAsync(rig);
        var notices = (await rig.MessagesAsync())
            .Where(r => r.Kind == nameof(MessageKind.CancelNotice))
            .Select(r => r.Id)
            .ToHashSet();
        var drain = await rig.WaitForDrainAsync([.. burst.MessageIds, .. notices], DrainTimeout);

        var rows = await rig.MessagesAsync();
        var rowsById = rows.ToDictionary(r => r.Id);
        var ledger = rig.Providers(burst, rows);
        var aboutCancelled = ledger
            .Acceptances.Select(a => (Acceptance: a, Row: rowsById[a.MessageId]))
            .Where(a => a.Row.Kind != nameof(MessageKind.CancelNotice) && cancelled.ContainsKey(sessionOf(a.Row)))
            .Select(a =>
                (
                    a.Row,
                    Cancel: cancelled[sessionOf(a.Row)],
                    Lateness: a.Acceptance.At - cancelled[sessionOf(a.Row)].Answered,
                    a.Acceptance.At
                )
            )
            .ToList();
        var late = aboutCancelled
            .Where(a => a.Lateness > OneSend)
            .Select(a =>
                $"{a.Row.Kind}/{a.Row.Channel} {a.Row.Id} ({a.Row.State}) "
                + $"accepted {a.Lateness.TotalMilliseconds:F0} ms after its cancel was answered"
            )
            .ToList();
        rig.Log(
            $"{cancelled.Count} sessions cancelled ({claimedAtCancel} with a message claimed at that moment); "
                + $"drained {drain.TotalSeconds:F1} s after the last cancel; "
                + "messages about a cancelled session accepted after the cancel request: "
                + $"{aboutCancelled.Count(a => a.At > a.Cancel.Sent)}, "
                + "the latest "
                + $"{aboutCancelled.Select(a => a.Lateness.TotalMilliseconds).DefaultIfEmpty(double.NaN).Max():F0} "
                + "ms after the answer "
                + $"(bound {OneSend.TotalMilliseconds:F0} ms); later than the bound: {late.Count}"
        );

        Assert.Equal(Cancels, cancelled.Count);
        Assert.Empty(ledger.Unattributed);
        Assert.Empty(late);
        var notOnce = rows.Where(r =>
                (notices.Contains(r.Id) || (burst.MessageIds.Contains(r.Id) && !cancelled.ContainsKey(sessionOf(r))))
                && (r.State != nameof(MessageState.Sent) || ledger.Copies.GetValueOrDefault(r.Id) != 1)
            )
            .Select(r =>
                $"{r.Kind}/{r.Channel} {r.Id}: {r.State} {r.Reason}, "
                + $"accepted {ledger.Copies.GetValueOrDefault(r.Id)} times"
            )
            .ToList();
        var leftOver = rows.Where(r =>
                burst.MessageIds.Contains(r.Id)
                && r.State is nameof(MessageState.Planned) or nameof(MessageState.Sending)
            )
            .Select(r => r.Id)
            .ToList();
        Assert.Equal(Cancels * 2, notices.Count);
        Assert.Empty(notOnce);
        Assert.Empty(leftOver);
    }

    /// <summary>
    /// Cancels sessions one after another through the API until enough are cancelled or nothing is left to send;
    /// returns when each request was sent and answered.
    /// </summary>
    private static async Task<(
        Dictionary<Guid, (DateTimeOffset Sent, DateTimeOffset Answered)> Cancelled,
        int ClaimedAtCancel
    )> CancelWhileDrainingAsync(FaultRig rig)
    {
        using var desk = await rig.FrontDeskAsync();
        var cancelled = new Dictionary<Guid, (DateTimeOffset Sent, DateTimeOffset Answered)>();
        var claimedAtCancel = 0;
        while (cancelled.Count < Cancels && await TargetsAsync(rig, cancelled.Keys) is { Count: > 0 } targets)
        {
            foreach (var (appointment, claimed) in targets.Take(Math.Min(10, Cancels - cancelled.Count)))
            {
                cancelled[appointment] = await FaultRig.CancelAsync(desk, appointment);
                claimedAtCancel += claimed ? 1 : 0;
            }
        }

        return (cancelled, claimedAtCancel);
    }

    /// <summary>
    /// Sessions not yet cancelled with a message still to send, those with one claimed by a worker right now first.
    /// </summary>
    private static async Task<List<(Guid Appointment, bool Claimed)>> TargetsAsync(
        FaultRig rig,
        IEnumerable<Guid> cancelled
    )
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT a.id, bool_or(m.state = 'Sending') FROM scheduling.messages m
            JOIN scheduling.appointments a
                ON a.id = m.appointment_id OR (m.kind = 'BookingConfirmation' AND a.series_id = m.subject_id)
            WHERE m.next_attempt_at <= now() AND m.state IN ('Planned', 'Sending') AND a.status = 'Booked'
                AND NOT a.id = ANY($1)
            GROUP BY a.id ORDER BY 2 DESC
            """,
            connection
        );
        command.Parameters.AddWithValue(cancelled.ToArray());
        var targets = new List<(Guid, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            targets.Add((reader.GetGuid(0), reader.GetBoolean(1)));
        }

        return targets;
    }
}
