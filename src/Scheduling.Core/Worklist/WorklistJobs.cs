using Hangfire;
using Npgsql;
using NodaTime;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The front desk's lists kept up to date from the bookings: rides not confirmed the day before, and
/// REMS monitoring forms coming due. Each run is idempotent: at most one open item per subject.
/// </summary>
public sealed class WorklistJobs(NpgsqlDataSource dataSource, IClock clock)
{
    public const string RidesId = "worklist:unconfirmed-rides";
    public const string RemsId = "worklist:rems-forms";

    /// <summary>The patient had this long to answer the day-before check.</summary>
    private static readonly Duration AnswerTime = Duration.FromHours(2);

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Worklist: rides not confirmed for tomorrow")]
    public async Task UnconfirmedRidesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO scheduling.work_items (id, clinic_id, patient_id, kind, subject_id, created_at, due_at, state, detail)
            SELECT gen_random_uuid(), a.clinic_id, a.patient_id, 'RideUnconfirmed', a.id, $1, a.start_instant, 'Open',
                   'No answer to the day-before check (ride home, eating and drinking).'
            FROM scheduling.appointments a
            JOIN scheduling.messages m ON m.appointment_id = a.id AND m.kind = 'DayBeforeCheck' AND m.state IN ('Sent', 'Delivered')
            WHERE a.status = 'Booked' AND a.ride_confirmed IS NOT TRUE
              AND a.start_instant > $1 AND a.start_instant < $1 + interval '36 hours'
              AND m.sent_at < $2
            ON CONFLICT (kind, subject_id) WHERE state = 'Open' DO NOTHING
            """);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now - AnswerTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Worklist: REMS monitoring forms due")]
    public async Task RemsFormsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO scheduling.work_items (id, clinic_id, patient_id, kind, subject_id, created_at, state, detail)
            SELECT gen_random_uuid(), a.clinic_id, a.patient_id, 'RemsFormDue', a.id, $1, 'Open',
                   'REMS patient monitoring form due by ' || to_char(a.rems_form_due, 'YYYY-MM-DD') || '.'
            FROM scheduling.appointments a
            WHERE a.rems_form_due IS NOT NULL AND a.rems_form_submitted_at IS NULL
              AND a.status IN ('Arrived', 'Completed')
            ON CONFLICT (kind, subject_id) WHERE state = 'Open' DO NOTHING
            """);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
