using NodaTime;
using Npgsql;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The messages table as a work queue (docs/style.md, example 5): claims are one atomic statement with
/// FOR UPDATE SKIP LOCKED, so any number of workers share the due messages without sending one twice,
/// and every outcome is written only while this worker still holds the claim.
/// </summary>
public sealed class MessageQueue : IDisposable
{
    /// <summary>At most this many confirmations or outcomes share one round trip.</summary>
    private const int MaxGroup = 128;

    private readonly NpgsqlDataSource _dataSource;
    private readonly StatementGroup<Confirmation, string?> _confirmations;
    private readonly StatementGroup<Recording, bool> _recordings;

    public MessageQueue(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _confirmations = new(ConfirmGroupAsync, MaxGroup);
        _recordings = new(RecordGroupAsync, MaxGroup);
    }

    private const string Columns =
        "id, kind, channel, subject_id, plan_key, patient_id, on_call_contact_id, "
        + "appointment_id, survey_id, alert_id, due_at, not_after, attempts, urgent";

    /// <summary>
    /// Every fact <see cref="Scheduling.Domain.Messaging.SendRule"/> decides on that can change under a
    /// claimed message (see SendChecks.Facts): the session's status and revision (a cancel or a move raises
    /// it), for a booking confirmation its series' state and sessions, the size of the patient's consent
    /// ledger (append-only), the patient's email, phone, their statuses and zone with the clinic's sending
    /// window (a corrected contact must not get a message claimed for the old one), the on-call contact's
    /// email, phone and removal, and whether a survey message's survey is still open and until when. Read
    /// at the claim and again right before the send; any difference makes the message decide again. One
    /// column, computed in the claim's and the confirmation's own statements: no round trip of its own.
    /// </summary>
    internal const string Fingerprint = """
        concat_ws('|',
            (SELECT a.status || ':' || a.revision FROM scheduling.appointments a WHERE a.id = m.appointment_id),
            (SELECT s.state || ':' || coalesce(string_agg(a.status || ':' || a.revision, ',' ORDER BY a.id), '')
             FROM scheduling.series s LEFT JOIN scheduling.appointments a ON a.series_id = s.id
             WHERE m.kind = 'BookingConfirmation' AND s.id = m.subject_id GROUP BY s.state),
            (SELECT count(*) FROM scheduling.consent_ledger c WHERE c.patient_id = m.patient_id),
            (SELECT (p.email, p.phone, p.email_status, p.phone_status, p.time_zone_id,
                     k.sending_window_start, k.sending_window_end)::text
             FROM scheduling.patients p JOIN scheduling.clinics k ON k.id = p.clinic_id WHERE p.id = m.patient_id),
            (SELECT (o.email, o.phone, o.removed_at)::text FROM scheduling.on_call_contacts o
             WHERE o.id = m.on_call_contact_id),
            (SELECT CASE WHEN v.state IN ('Planned', 'Sent') THEN 'open' ELSE v.state END || ':' || v.expires_at
             FROM scheduling.surveys v WHERE v.id = m.survey_id))
        """;

    /// <summary>The state a claimed message is in while its worker holds it.</summary>
    private static readonly string Sending = MessageLifecycle.Claim.SqlTo;

    /// <summary>
    /// The claim (<see cref="MessageLifecycle.Claim"/>): due planned rows, urgent first, taken for a lease.
    /// Every state these statements read or write is a <see cref="MessageLifecycle"/> declaration; a fast test
    /// (MessageLifecycleTests) reads the statements and holds each write to the lifecycle.
    /// </summary>
    internal static readonly string ClaimSql = $"""
        WITH due AS (
            SELECT id FROM scheduling.messages
            WHERE state IN ({MessageLifecycle.Claim.SqlFrom}) AND next_attempt_at <= $1
            ORDER BY urgent DESC, next_attempt_at
            LIMIT $4
            FOR UPDATE SKIP LOCKED)
        UPDATE scheduling.messages m
        SET state = {MessageLifecycle.Claim.SqlTo}, claimed_by = $2, claimed_until = now() + make_interval(secs => $3),
            updated_at = $1
        FROM due WHERE m.id = due.id
        RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "m." + c))}, {Fingerprint}, m.trace_parent
        """;

    /// <summary>
    /// The confirmation, for a whole group in one statement. Rows are locked in id order, in every group, so two
    /// groups never wait on each other in a circle; a row no longer ours is left out, and its answer is null.
    /// It changes no state: a held claim is renewed.
    /// </summary>
    internal static readonly string ConfirmSql = $"""
        WITH wanted AS (
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::float8[]) AS w(id, worker, lease)),
        held AS (
            SELECT m.id FROM scheduling.messages m JOIN wanted w ON w.id = m.id
            WHERE m.claimed_by = w.worker AND m.state = {Sending}
            ORDER BY m.id
            FOR UPDATE OF m)
        UPDATE scheduling.messages m SET claimed_until = now() + make_interval(secs => w.lease)
        FROM held h JOIN wanted w ON w.id = h.id
        WHERE m.id = h.id AND m.claimed_by = w.worker AND m.state = {Sending}
        RETURNING m.id, {Fingerprint}
        """;

    /// <summary>
    /// Expired claims back to the queue (<see cref="MessageLifecycle.RecoverClaim"/>), an attempt row each.
    /// </summary>
    internal static readonly string RecoverSql = $"""
        WITH expired AS (
            UPDATE scheduling.messages
            SET state = {MessageLifecycle.RecoverClaim.SqlTo}, next_attempt_at = $1, claimed_by = NULL,
                claimed_until = NULL, updated_at = $1,
                last_error = 'The worker sending it stopped; sent again, possibly a second time.'
            WHERE state IN ({MessageLifecycle.RecoverClaim.SqlFrom}) AND claimed_until < now()
            RETURNING id)
        INSERT INTO scheduling.message_attempts (message_id, at, outcome, error, worker)
        SELECT id, $1, '{AttemptResult.Unknown}',
            'Claim expired: the worker sending it stopped before recording an outcome.', $2 FROM expired
        """;

    /// <summary>
    /// Send records of claimed messages, a group in one statement, rows locked in id order (see ConfirmSql); an
    /// attempt row goes with every record that tried the provider, and nothing is written where the claim was
    /// lost. The state written is the record's <see cref="SendRecord.Transition"/>, each one from Sending.
    /// </summary>
    internal static readonly string RecordSql = $"""
        WITH outcome AS (
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                                 $7::timestamptz[], $8::int[], $9::timestamptz[], $10::text[], $11::text[])
                AS o(id, state, reason, error, provider_id, next_attempt_at, sent_at, attempts, at, worker, attempt)),
        held AS (
            SELECT m.id FROM scheduling.messages m JOIN outcome o ON o.id = m.id
            WHERE m.claimed_by = o.worker AND m.state = {Sending}
            ORDER BY m.id
            FOR UPDATE OF m),
        recorded AS (
            UPDATE scheduling.messages m
            SET state = o.state, reason = o.reason, last_error = o.error,
                provider_id = COALESCE(o.provider_id, m.provider_id),
                next_attempt_at = COALESCE(o.next_attempt_at, m.next_attempt_at),
                sent_at = COALESCE(o.sent_at, m.sent_at),
                attempts = m.attempts + o.attempts, claimed_by = NULL, claimed_until = NULL, updated_at = o.at
            FROM held h JOIN outcome o ON o.id = h.id
            WHERE m.id = h.id AND m.claimed_by = o.worker AND m.state = {Sending}
            RETURNING m.id, o.at, o.attempt, o.error, o.provider_id, o.worker)
        INSERT INTO scheduling.message_attempts (message_id, at, outcome, error, provider_id, worker)
        SELECT id, at, attempt, error, provider_id, worker FROM recorded WHERE attempt IS NOT NULL
        """;

    /// <summary>
    /// Claims due messages for <paramref name="lease"/>, measured on the database's clock (docs/domain.md,
    /// "Messages"): every worker's lease runs on the same clock, whatever its own says. Due is judged by
    /// <paramref name="now"/>, the clock the due times were planned with.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(
        string worker,
        Instant now,
        Duration lease,
        int batchSize,
        CancellationToken cancellationToken
    )
    {
        await using var command = _dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(lease.TotalSeconds);
        command.Parameters.AddWithValue(batchSize);
        var claimed = new List<ClaimedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(
                new ClaimedMessage(
                    reader.GetGuid(0),
                    Enum.Parse<MessageKind>(reader.GetString(1)),
                    Enum.Parse<Channel>(reader.GetString(2)),
                    reader.GetGuid(3),
                    PlanKey.Parse(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetGuid(5),
                    reader.IsDBNull(6) ? null : reader.GetGuid(6),
                    reader.IsDBNull(7) ? null : reader.GetGuid(7),
                    reader.IsDBNull(8) ? null : reader.GetGuid(8),
                    reader.IsDBNull(9) ? null : reader.GetGuid(9),
                    reader.GetFieldValue<Instant>(10),
                    reader.GetFieldValue<Instant>(11),
                    reader.GetInt32(12),
                    reader.GetBoolean(13),
                    reader.GetString(14),
                    reader.IsDBNull(15) ? null : reader.GetString(15)
                )
            );
        }

        return claimed;
    }

    /// <summary>
    /// Right before a claimed message is handed to its provider: is the claim still ours, and does what
    /// the decision rested on still hold? A batch is decided when it is claimed, and its last message may
    /// go out seconds later; meanwhile a cancel may have committed, or the claim may have run out and been
    /// taken by another worker. A claim still held is renewed for a full lease, so it outlives the send.
    /// </summary>
    public async Task<ClaimCheck> ConfirmAsync(
        string worker,
        Instant now,
        Duration lease,
        ClaimedMessage message,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(message);
        var fingerprint = await _confirmations.RunAsync(new Confirmation(message.Id, worker, lease), cancellationToken);
        return fingerprint is null ? ClaimCheck.Lost
            : fingerprint != message.Fingerprint || now > message.NotAfter ? ClaimCheck.Changed
            : ClaimCheck.Held;
    }

    private async Task<IReadOnlyList<string?>> ConfirmGroupAsync(
        IReadOnlyList<Confirmation> group,
        CancellationToken cancellationToken
    )
    {
        await using var command = _dataSource.CreateCommand(ConfirmSql);
        command.Parameters.AddWithValue(group.Select(c => c.Id).ToArray());
        command.Parameters.AddWithValue(group.Select(c => c.Worker).ToArray());
        command.Parameters.AddWithValue(group.Select(c => c.Lease.TotalSeconds).ToArray());
        var fingerprints = new Dictionary<Guid, string>(group.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fingerprints[reader.GetGuid(0)] = reader.GetString(1);
            }
        }

        return [.. group.Select(c => fingerprints.GetValueOrDefault(c.Id))];
    }

    private sealed record Confirmation(Guid Id, string Worker, Duration Lease);

    /// <summary>
    /// Messages whose worker stopped while holding them go back to the queue. Their outcome is not
    /// known: the provider may have taken them just before the crash, which is the one window in which
    /// a patient can get a message twice. The attempt log says so. Expiry is judged on the database's
    /// clock, as the lease was set; <paramref name="now"/> only stamps the rows.
    /// </summary>
    public async Task<int> RecoverExpiredClaimsAsync(string worker, Instant now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(RecoverSql);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(worker);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the send record of one claimed message and, in the same statement, its attempt row; nothing if
    /// the claim was lost meanwhile. Records that arrive while another is being written go together in
    /// the next round trip, so a busy worker spends one commit on many messages.
    /// </summary>
    public async Task RecordAsync(
        string worker,
        Instant now,
        Guid id,
        SendRecord record,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        await _recordings.RunAsync(new Recording(worker, now, id, record), cancellationToken);
    }

    private async Task<IReadOnlyList<bool>> RecordGroupAsync(
        IReadOnlyList<Recording> group,
        CancellationToken cancellationToken
    )
    {
        await using var command = _dataSource.CreateCommand(RecordSql);
        command.Parameters.AddWithValue(group.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Record.Transition.To.ToString()).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Record.Reason?.Name).ToArray());
        command.Parameters.AddWithValue(group.Select(r => Truncate(r.Record.Error)).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Record.ProviderId).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Record.NextAttemptAt).ToArray());
        command.Parameters.AddWithValue(
            group.Select(r => r.Record.State == MessageState.Sent ? r.Now : (Instant?)null).ToArray()
        );
        command.Parameters.AddWithValue(group.Select(r => r.Record.Attempt is null ? 0 : 1).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Now).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Worker).ToArray());
        command.Parameters.AddWithValue(group.Select(r => r.Record.Attempt?.ToString()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return [.. group.Select(_ => true)];
    }

    private sealed record Recording(string Worker, Instant Now, Guid Id, SendRecord Record);

    public void Dispose()
    {
        _confirmations.Dispose();
        _recordings.Dispose();
    }

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
