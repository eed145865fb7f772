using Hangfire;
using NodaTime;
using Npgsql;

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
        await using var command = dataSource.CreateCommand(
            """
            WITH left_to_come AS (
                SELECT s.id, s.clinic_id, s.patient_id,
                       (SELECT count(*) FROM scheduling.appointments a
                         WHERE a.series_id = s.id AND a.status = 'Booked' AND a.start_instant > $1) AS booked,
                       (SELECT max(a.created_at) FROM scheduling.appointments a WHERE a.series_id = s.id) AS last_added
                FROM scheduling.series s
                JOIN scheduling.templates t ON t.id = s.template_id AND t.open_ended
                WHERE s.state = 'Active'),
            closed AS (
                UPDATE scheduling.work_items w SET state = 'Done', resolved_at = $1, resolved_by = 'system'
                WHERE w.kind = 'MaintenanceRunningOut' AND w.state = 'Open'
                  AND NOT EXISTS (SELECT 1 FROM left_to_come l WHERE l.id = w.subject_id AND l.booked < $2)
                RETURNING w.id)
            INSERT INTO scheduling.work_items (id, clinic_id, patient_id, kind, subject_id, created_at, state, detail)
            SELECT gen_random_uuid(), l.clinic_id, l.patient_id, 'MaintenanceRunningOut', l.id, $1, 'Open',
                   CASE l.booked WHEN 0 THEN 'No booked session left in this open-ended series: add sessions.'
                                 ELSE '1 booked session left in this open-ended series: add sessions.' END
            FROM left_to_come l
            WHERE l.booked < $2
              AND NOT EXISTS (SELECT 1 FROM scheduling.work_items d
                               WHERE d.kind = 'MaintenanceRunningOut' AND d.subject_id = l.id AND d.state = 'Done'
                                 AND d.resolved_at >= l.last_added)
            ON CONFLICT (kind, subject_id) WHERE state = 'Open' DO NOTHING
            """
        );
        command.Parameters.AddWithValue(clock.GetCurrentInstant());
        command.Parameters.AddWithValue(SessionsLeft);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
