using NodaTime;
using Npgsql;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Commits a minted link's hash before its message goes to the provider: a survey link (and marks the survey
/// sent), or a link to the patient's own page for a session.
/// Committed first, so a link a patient holds always opens; a crash after this and before the send
/// leaves a hash nobody has the token for, which expires with its survey.
/// </summary>
public sealed class SurveyLinkStore(NpgsqlDataSource dataSource)
{
    public async Task CommitAsync(NewSurveyLink link, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var command = dataSource.CreateCommand(
            link.Offer
                ? """
                INSERT INTO scheduling.waitlist_offer_links (token_hash, offer_id, message_id, created_at)
                VALUES ($1, $2, $3, $4)
                """
                : $"""
                WITH link AS (
                    INSERT INTO scheduling.survey_links (token_hash, survey_id, message_id, created_at)
                    VALUES ($1, $2, $3, $4))
                UPDATE scheduling.surveys SET state = {SurveyLifecycle.MarkSent.SqlTo}, sent_at = COALESCE(sent_at, $4)
                WHERE id = $2 AND state IN ({SurveyLifecycle.MarkSent.SqlFrom})
                """
        );
        command.Parameters.AddWithValue(link.TokenHash);
        command.Parameters.AddWithValue(link.SurveyId);
        command.Parameters.AddWithValue(link.MessageId);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CommitAsync(NewPatientLink link, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO scheduling.patient_links (token_hash, appointment_id, message_id, created_at)
            VALUES ($1, $2, $3, $4)
            """
        );
        command.Parameters.AddWithValue(link.TokenHash);
        command.Parameters.AddWithValue(link.AppointmentId);
        command.Parameters.AddWithValue(link.MessageId);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
