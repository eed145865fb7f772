using NodaTime;
using Npgsql;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// How a self-harm alert reaches the clinic's on-call contacts, as rows in the messages table: urgent,
/// sent at any hour, unique per (alert, plan key, channel). "In order" means the clinic's order of its
/// contacts (their position: the order they were given in, then added in), skipping removed ones and
/// wrapping round at the end of the list.
/// </summary>
public static class AlertPages
{
    /// <summary>A page is worth retrying for this long; after that the open alert on the board remains.</summary>
    public static readonly Duration Lifetime = Duration.FromHours(12);

    /// <summary>
    /// Stands for the contact (and the round) a statement picks, in a key built by <see cref="PlanKey"/>'s own
    /// factory and passed as a parameter; the statement puts the real values in with replace(). So keys made in
    /// SQL are spelled by the factory, never by a literal of the statement's own.
    /// </summary>
    internal static readonly Guid ContactMark = new("00000000-0000-0000-0000-00000000c0de");

    internal const int RoundMark = 987654321;

    /// <summary>
    /// The next contact after <paramref name="contact"/> (a contact id) of the clinic <paramref name="clinic"/>,
    /// or the first when <paramref name="contact"/> is NULL, by position and wrapping round: an SQL subquery
    /// that yields one column, id. With <paramref name="skip"/>, never <paramref name="contact"/> itself.
    /// </summary>
    internal static string NextContactSql(string clinic, string contact, bool skip) =>
        $"""
            SELECT c.id FROM scheduling.on_call_contacts c
            LEFT JOIN scheduling.on_call_contacts l ON l.id = {contact}
            WHERE c.clinic_id = {clinic} AND c.removed_at IS NULL{(skip ? $" AND c.id <> {contact}" : "")}
            ORDER BY l.id IS NOT NULL AND (c.position, c.id) > (l.position, l.id) DESC, c.position, c.id
            LIMIT 1
            """;

    /// <summary>
    /// What a page's failure plans: the same round's page to the next contact, on the same channel.
    /// A round pages each contact at most once more this way, so failures that go all the way round stop.
    /// </summary>
    internal static NpgsqlBatchCommand NextContact(
        Guid alertId,
        Guid failedContactId,
        FailedMessage failed,
        Instant now
    )
    {
        ArgumentNullException.ThrowIfNull(failed);
        return FailureFollowUp.Command(
            $"""
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, on_call_contact_id, alert_id,
                due_at, next_attempt_at, not_after, urgent, state, attempts, created_at, updated_at)
            SELECT $1, a.id, replace($2, $8, n.id::text), 'SafetyAlert', $3, n.id, a.id,
                $4, $4, $5, true, {MessageLifecycle.Plan.SqlTo}, 0, $4, $4
            FROM scheduling.alerts a
            CROSS JOIN LATERAL ({NextContactSql("a.clinic_id", "$6", skip: true)}) n
            WHERE a.id = $7 AND a.state = 'Open'
            ON CONFLICT (subject_id, plan_key, channel) DO NOTHING
            """,
            Guid.CreateVersion7(),
            failed.PlanKey.FailoverTo(ContactMark).Value,
            failed.Channel.ToString(),
            now,
            now + Lifetime,
            failedContactId,
            alertId,
            ContactMark.ToString()
        );
    }
}
