using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Inbound;

/// <summary>
/// Twilio's delivery status callbacks. Each (message, status) is kept once; the message moves forward
/// only (Sent → Delivered or Failed, Unknown → Sent, Delivered or Failed), so duplicates and callbacks
/// arriving out of order change nothing. A callback for an Unknown message settles it. A message that
/// becomes Failed here is followed up as one that failed at send time (<see cref="FailureFollowUp"/>:
/// the patient's other channel and a work item, or the next on-call contact), in the same transaction,
/// so Twilio's retries of a callback that was answered find nothing left to do.
/// </summary>
public sealed class DeliveryStatusHandler(
    NpgsqlDataSource dataSource,
    FailureFollowUp followUp,
    DispatchSignal signal,
    IClock clock
)
{
    /// <summary>Delivery errors (twilio.com/docs/api/errors): the number opted out, or cannot get an SMS.</summary>
    private static readonly Dictionary<string, PermanentReason> Permanent = new(StringComparer.Ordinal)
    {
        ["21610"] = PermanentReason.OptedOut,
        ["30005"] = PermanentReason.InvalidAddress,
        ["30006"] = PermanentReason.InvalidAddress,
    };

    /// <summary>
    /// Keeps the callback once and moves the message by the step it reports ($5, the step's state; $7, the states
    /// it may come from, both from <see cref="MessageLifecycle"/>): anything else, a duplicate or a callback that
    /// arrives after a later one, changes nothing.
    /// </summary>
    internal static readonly string ReportSql = $"""
        WITH event AS (
            INSERT INTO scheduling.delivery_status_events (provider_id, status, error_code, received_at)
            VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, status) DO NOTHING RETURNING provider_id)
        UPDATE scheduling.messages m
        SET state = $5, reason = COALESCE($6, m.reason),
            last_error = CASE WHEN $3 IS NULL THEN m.last_error ELSE 'Twilio ' || $3 END,
            delivered_at = CASE WHEN $5 = {MessageLifecycle.ReportDelivered.SqlTo} THEN $4 ELSE m.delivered_at END,
            sent_at = COALESCE(m.sent_at, $4), updated_at = $4
        FROM event
        WHERE m.provider_id = event.provider_id AND $5 IS NOT NULL AND m.state = ANY($7::text[])
        RETURNING m.id, m.kind, m.channel, m.plan_key, m.patient_id, m.on_call_contact_id, m.alert_id
        """;

    public async Task HandleAsync(
        string providerId,
        string status,
        string? errorCode,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetCurrentInstant();
        var (step, reason) = status switch
        {
            "delivered" or "read" => (MessageLifecycle.ReportDelivered, null),
            "failed" or "undelivered" => (MessageLifecycle.ReportUndelivered, MessageReason.Undelivered.Name),
            "sent" or "queued" or "accepted" or "sending" => (MessageLifecycle.ReportSent, null),
            _ => ((MessageTransition?)null, null),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ReportSql, connection, transaction);
        command.Parameters.AddWithValue(providerId);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)errorCode ?? DBNull.Value);
        command.Parameters.AddWithValue(now);
        // Typed: for a status Twilio never sends, $5 is null and PostgreSQL could not tell its type (42P08).
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)step?.To.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue(step?.From.Select(s => s.ToString()).ToArray() ?? []);
        var failed = new List<FailedMessage>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (step == MessageLifecycle.ReportUndelivered && await reader.ReadAsync(cancellationToken))
            {
                failed.Add(
                    new FailedMessage(
                        reader.GetGuid(0),
                        Enum.Parse<MessageKind>(reader.GetString(1)),
                        Enum.Parse<Channel>(reader.GetString(2)),
                        PlanKey.Parse(reader.GetString(3)),
                        reader.IsDBNull(4) ? null : reader.GetGuid(4),
                        reader.IsDBNull(5) ? null : reader.GetGuid(5),
                        reader.IsDBNull(6) ? null : reader.GetGuid(6)
                    )
                );
            }
        }

        foreach (var message in failed)
        {
            var result = Result(errorCode);
            await followUp.RecordAsync(
                message,
                MessageLifecycle.ReportUndelivered.To,
                reason,
                result,
                now,
                transaction,
                cancellationToken
            );
        }

        await transaction.CommitAsync(cancellationToken);
        if (failed.Count > 0)
        {
            signal.Wake();
        }
    }

    private static SendResult? Result(string? errorCode) =>
        errorCode is not null && Permanent.TryGetValue(errorCode, out var reason)
            ? SendResult.Permanent(reason, "Reported undelivered by Twilio.", $"Twilio {errorCode}")
            : null;
}
