using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Alerts;

/// <summary>
/// Pages an unacknowledged self-harm alert again every Alerts:RepageAfter, each time to the next on-call
/// contact in order (<see cref="AlertPages"/>), round and round until someone acknowledges it. One
/// statement per run: the alerts it pages are locked, moved on a round and given their pages together,
/// so a second run, at once or on another server, finds nothing due and plans nothing twice.
/// </summary>
public sealed class AlertRepageJob(
    NpgsqlDataSource dataSource,
    IClock clock,
    IOptions<AlertOptions> options,
    DispatchSignal signal
)
{
    public const string Id = "alerts:repage";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Alerts: page unacknowledged self-harm alerts again")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand(
            $"""
            WITH due AS (
                SELECT a.id, a.clinic_id, a.page_round + 1 AS round, a.last_paged_contact_id AS last
                FROM scheduling.alerts a
                WHERE a.state = 'Open' AND a.kind = 'SelfHarmRisk' AND COALESCE(a.last_paged_at, a.created_at) <= $1
                FOR UPDATE SKIP LOCKED),
            target AS (
                SELECT d.id, d.round, n.id AS contact
                FROM due d
                CROSS JOIN LATERAL ({AlertPages.NextContactSql("d.clinic_id", "d.last", skip: false)}) n),
            paged AS (
                UPDATE scheduling.alerts a
                SET page_round = t.round, last_paged_at = $2, last_paged_contact_id = t.contact
                FROM target t WHERE a.id = t.id
                RETURNING a.id, t.round, t.contact)
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, on_call_contact_id, alert_id,
                due_at, next_attempt_at, not_after, urgent, state, attempts, created_at, updated_at)
            SELECT gen_random_uuid(), p.id, replace(replace($4, $5, p.contact::text), $6, p.round::text), 'SafetyAlert',
                ch.channel, p.contact, p.id, $2, $2, $3, true, {MessageLifecycle.Plan.SqlTo}, 0, $2, $2
            FROM paged p CROSS JOIN (VALUES ('Sms'), ('Email')) AS ch(channel)
            ON CONFLICT (subject_id, plan_key, channel) DO NOTHING
            """
        );
        command.Parameters.AddWithValue(now - Duration.FromTimeSpan(options.Value.RepageAfter));
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now + AlertPages.Lifetime);
        command.Parameters.AddWithValue(PlanKey.Repage(AlertPages.ContactMark, AlertPages.RoundMark).Value);
        command.Parameters.AddWithValue(AlertPages.ContactMark.ToString());
        command.Parameters.AddWithValue(AlertPages.RoundMark.ToString(CultureInfo.InvariantCulture));
        var pages = await command.ExecuteNonQueryAsync(cancellationToken);
        if (pages > 0)
        {
            signal.Wake();
        }

        return pages;
    }
}
