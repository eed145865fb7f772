using Npgsql;
using NodaTime;

namespace Scheduling.Core.Messaging.Inbound;

/// <summary>
/// Twilio's delivery status callbacks. Each (message, status) is kept once; the message moves forward
/// only (Sent → Delivered or Failed, Unknown → Sent, Delivered or Failed), so duplicates and callbacks
/// arriving out of order change nothing. A callback for an Unknown message settles it.
/// </summary>
public sealed class DeliveryStatusHandler(NpgsqlDataSource dataSource, IClock clock)
{
    public async Task HandleAsync(string providerId, string status, string? errorCode, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var (state, reason) = status switch
        {
            "delivered" or "read" => ("Delivered", null),
            "failed" or "undelivered" => ("Failed", "Undelivered"),
            "sent" or "queued" or "accepted" or "sending" => ("Sent", null),
            _ => (null, null),
        };
        await using var command = dataSource.CreateCommand("""
            WITH event AS (
                INSERT INTO scheduling.delivery_status_events (provider_id, status, error_code, received_at)
                VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, status) DO NOTHING RETURNING provider_id)
            UPDATE scheduling.messages m
            SET state = $5, reason = COALESCE($6, m.reason),
                last_error = CASE WHEN $3 IS NULL THEN m.last_error ELSE 'Twilio ' || $3 END,
                delivered_at = CASE WHEN $5 = 'Delivered' THEN $4 ELSE m.delivered_at END,
                sent_at = COALESCE(m.sent_at, $4), updated_at = $4
            FROM event
            WHERE m.provider_id = event.provider_id AND $5 IS NOT NULL
              AND (m.state = 'Unknown' OR (m.state = 'Sent' AND $5 IN ('Delivered', 'Failed')))
            """);
        command.Parameters.AddWithValue(providerId);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)errorCode ?? DBNull.Value);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue((object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)reason ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
