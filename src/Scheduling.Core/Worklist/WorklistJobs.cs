using Hangfire;
using NodaTime;
using Npgsql;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The front desk's lists kept up to date from the bookings: rides not confirmed the day before, and
/// REMS monitoring forms coming due. Each run is idempotent, and so is closing a task: a task closed as
/// done stays closed. A job opens a task only for a cause that no task, open or done, has answered
/// yet: for a ride, a day-before check sent after the last task about the session was closed; for a
/// REMS form, a session that never had a task (a form is due once per session). A form still missing
/// after its task was closed keeps its overdue mark on Today and the worklist (live from the bookings)
/// until it is recorded; it does not bring the task back (README, "REMS, boosters and no-shows").
/// </summary>
public sealed class WorklistJobs(NpgsqlDataSource dataSource, IClock clock)
{
    public const string RidesId = "worklist:unconfirmed-rides";
    public const string RemsId = "worklist:rems-forms";

    /// <summary>Who closes a REMS task whose form was recorded some other way.</summary>
    public const string Closer = "system:" + RemsId;

    /// <summary>The patient had this long to answer the day-before check.</summary>
    private static readonly Duration AnswerTime = Duration.FromHours(2);

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Worklist: rides not confirmed for tomorrow")]
    public async Task UnconfirmedRidesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand(
            Tasks.OpenSql(
                """
                SELECT a.clinic_id, a.patient_id, 'RideUnconfirmed' AS kind, a.id AS subject_id, $1 AS created_at,
                       a.start_instant AS due_at,
                       'No answer to the day-before check (ride home, eating and drinking).' AS detail,
                       m.sent_at AS arose
                FROM scheduling.appointments a
                JOIN scheduling.messages m ON m.appointment_id = a.id AND m.kind = 'DayBeforeCheck'
                    AND m.state IN ('Sent', 'Delivered')
                WHERE a.status = 'Booked' AND a.ride_confirmed IS NOT TRUE
                  AND a.start_instant > $1 AND a.start_instant < $1 + interval '36 hours'
                  AND m.sent_at < $2
                """,
                WorkItemCause.StandingSince
            )
        );
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now - AnswerTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One task per held esketamine session whose form is not recorded, due at the end of the form's due
    /// date in the clinic's zone; a task whose form was recorded meanwhile is closed.
    /// </summary>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Worklist: REMS monitoring forms due")]
    public async Task RemsFormsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(
            Command(
                Tasks.ResolveSql(
                    WorkItemKind.RemsFormDue,
                    "$1",
                    "$2",
                    """
                    a.id = w.subject_id
                      AND (a.rems_form_submitted_at IS NOT NULL OR a.status NOT IN ('Arrived', 'Completed'))
                    """,
                    "scheduling.appointments a"
                ),
                now,
                Closer
            )
        );
        batch.BatchCommands.Add(
            Command(
                Tasks.OpenSql(
                    """
                    SELECT a.clinic_id, a.patient_id, 'RemsFormDue' AS kind, a.id AS subject_id, $1 AS created_at,
                           (a.rems_form_due + 1)::timestamp AT TIME ZONE a.time_zone_id AS due_at,
                           'REMS patient monitoring form due by ' || to_char(a.rems_form_due, 'YYYY-MM-DD') || '.'
                               AS detail
                    FROM scheduling.appointments a
                    WHERE a.rems_form_due IS NOT NULL AND a.rems_form_submitted_at IS NULL
                      AND a.status IN ('Arrived', 'Completed')
                    """,
                    WorkItemCause.OncePerSubject
                ),
                now
            )
        );
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return command;
    }
}
