using Hangfire;
using NodaTime;
using Npgsql;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The `maintenance` list: an active open-ended series (maintenance with no end) with fewer than two booked
/// sessions to come gets a task, so the front desk adds sessions before it runs out. Idempotent: one open
/// task per series; a task whose cause is gone (sessions added, the series cancelled) is closed; and a task
/// closed as done does not come back until sessions have been added to the series since it was closed.
/// </summary>
public sealed class MaintenanceJob(NpgsqlDataSource dataSource, IClock clock)
{
    public const string Id = "worklist:maintenance";

    /// <summary>Fewer booked sessions to come than this puts the series on the list.</summary>
    public const int SessionsLeft = 2;

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Worklist: maintenance series running out")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var close = Tasks.ResolveSql(
            WorkItemKind.MaintenanceRunningOut,
            "$1",
            "'system'",
            "NOT EXISTS (SELECT 1 FROM left_to_come l WHERE l.id = w.subject_id AND l.booked < $2)"
        );
        var open = Tasks.OpenSql(
            """
            SELECT l.clinic_id, l.patient_id, 'MaintenanceRunningOut' AS kind, l.id AS subject_id, $1 AS created_at,
                   NULL::timestamptz AS due_at,
                   CASE l.booked WHEN 0 THEN 'No booked session left in this open-ended series: add sessions.'
                                 ELSE '1 booked session left in this open-ended series: add sessions.' END AS detail,
                   l.last_added AS arose
            FROM left_to_come l
            WHERE l.booked < $2
            """,
            WorkItemCause.StandingSince
        );
        await using var command = dataSource.CreateCommand(
            $"""
            WITH left_to_come AS (
                SELECT s.id, s.clinic_id, s.patient_id,
                       (SELECT count(*) FROM scheduling.appointments a
                         WHERE a.series_id = s.id AND a.status = 'Booked' AND a.start_instant > $1) AS booked,
                       (SELECT max(a.created_at) FROM scheduling.appointments a WHERE a.series_id = s.id) AS last_added
                FROM scheduling.series s
                JOIN scheduling.templates t ON t.id = s.template_id AND t.open_ended
                WHERE s.state = 'Active'),
            closed AS (
                {close}
                RETURNING w.id)
            {open}
            """
        );
        command.Parameters.AddWithValue(clock.GetCurrentInstant());
        command.Parameters.AddWithValue(SessionsLeft);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
