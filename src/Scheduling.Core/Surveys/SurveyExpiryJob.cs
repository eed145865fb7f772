using Hangfire;
using NodaTime;
using Npgsql;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Surveys;

/// <summary>
/// Closes surveys whose links have run out: the survey becomes Expired, its reminder is suppressed,
/// and a scored questionnaire the patient was sent but did not answer goes on the front desk's
/// "unanswered surveys" list. The page checks expiry itself; this keeps the rows and lists in step.
/// One statement, so a second run finds nothing left to do.
/// </summary>
public sealed class SurveyExpiryJob(NpgsqlDataSource dataSource, IClock clock)
{
    public const string Id = "surveys:expire";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Surveys: close expired links, list unanswered questionnaires")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var unanswered = Tasks.OpenSql(
            $"""
            SELECT p.clinic_id, e.patient_id, '{WorkItemKind.SurveyUnanswered}' AS kind, e.id AS subject_id,
                   $1 AS created_at, NULL::timestamptz AS due_at,
                   e.instrument || ' sent but not answered before its link expired.' AS detail
            FROM expired e JOIN scheduling.patients p ON p.id = e.patient_id
            WHERE e.sent_at IS NOT NULL AND e.instrument <> '{Instrument.PostSessionCheck}'
            """,
            WorkItemCause.NewEvent
        );
        await using var command = dataSource.CreateCommand(
            $"""
            WITH expired AS (
                UPDATE scheduling.surveys SET state = {SurveyLifecycle.Expire.SqlTo}
                WHERE state IN ({SurveyLifecycle.Expire.SqlFrom}) AND expires_at <= $1
                RETURNING id, patient_id, instrument, sent_at),
            suppressed AS (
                UPDATE scheduling.messages
                SET state = {MessageLifecycle.Hold.SqlTo}, reason = '{MessageReason.SurveyExpired}', updated_at = $1
                WHERE state IN ({MessageLifecycle.Hold.SqlFrom}) AND survey_id IN (SELECT id FROM expired))
            {unanswered}
            """
        );
        command.Parameters.AddWithValue(clock.GetCurrentInstant());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
