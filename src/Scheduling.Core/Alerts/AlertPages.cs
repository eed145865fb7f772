using Npgsql;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;

namespace Scheduling.Core.Alerts;

/// <summary>
/// How a self-harm alert reaches the clinic's on-call contacts, as rows in the messages table: urgent,
/// sent at any hour, unique per (alert, plan key, channel). "In order" means the order the contacts were
/// added (their ids are time-ordered), skipping removed ones and wrapping round at the end of the list.
/// </summary>
public static class AlertPages
{
    /// <summary>A page is worth retrying for this long; after that the open alert on the board remains.</summary>
    public static readonly Duration Lifetime = Duration.FromHours(12);

    private const string Prefix = "SafetyAlert/";
    private const string FailoverSuffix = "/failover";

    /// <summary>
    /// The <paramref name="round"/>-th page again of an alert nobody has acknowledged (<see cref="AlertRepageJob"/>).
    /// The first pages, to every contact on call when the alert is raised, are "SafetyAlert/{contactId}".
    /// </summary>
    public static string RepageKey(Guid contactId, int round) => $"{Prefix}{contactId}/repage/{round}";

    /// <summary>
    /// What a page's failure plans: the same round's page to the next contact, on the same channel.
    /// A round pages each contact at most once more this way, so failures that go all the way round stop.
    /// </summary>
    internal static NpgsqlBatchCommand NextContact(
        Guid alertId, Guid failedContactId, FailedMessage failed, Instant now)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return FailureFollowUp.Command("""
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, on_call_contact_id, alert_id,
                due_at, next_attempt_at, not_after, urgent, state, attempts, created_at, updated_at)
            SELECT $1, a.id, 'SafetyAlert/' || n.id || $2, 'SafetyAlert', $3, n.id, a.id,
                $4, $4, $5, true, 'Planned', 0, $4, $4
            FROM scheduling.alerts a
            CROSS JOIN LATERAL (
                SELECT c.id FROM scheduling.on_call_contacts c
                WHERE c.clinic_id = a.clinic_id AND c.removed_at IS NULL AND c.id <> $6
                ORDER BY c.id > $6 DESC, c.id
                LIMIT 1) n
            WHERE a.id = $7 AND a.state = 'Open'
            ON CONFLICT (subject_id, plan_key, channel) DO NOTHING
            """,
            Guid.CreateVersion7(),
            Round(failed.PlanKey) + FailoverSuffix,
            failed.Channel.ToString(),
            now,
            now + Lifetime,
            failedContactId,
            alertId);
    }

    /// <summary>What follows the contact in a page's key ("", "/repage/3"), without the failover mark.</summary>
    private static string Round(string planKey)
    {
        var rest = planKey.StartsWith(Prefix, StringComparison.Ordinal) && planKey.Length >= Prefix.Length + 36
            ? planKey[(Prefix.Length + 36)..]
            : "";
        return rest.EndsWith(FailoverSuffix, StringComparison.Ordinal) ? rest[..^FailoverSuffix.Length] : rest;
    }
}
