using Npgsql;
using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What a failed message sets off: an opt-out reported by the provider goes into the consent ledger, a
/// number or mailbox that does not exist is marked, the message falls back to the patient's other
/// consented channel, and the front desk gets a work item for anything that did not reach the patient.
/// </summary>
public sealed class FailureFollowUp(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(ClaimedMessage message, Outcome outcome, SendResult? result, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is not (MessageState.Failed or MessageState.Unknown) || message.PatientId is not { } patientId)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        if (result?.Reason == PermanentReason.OptedOut && message.Channel == Channel.Sms)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO scheduling.consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence) VALUES ($1, $2, 'Sms', false, $3, 'ProviderOptOut', $4)",
                Guid.CreateVersion7(), patientId, now, $"The SMS provider reported the number as opted out ({result.ErrorCode})."));
        }

        if (result?.Reason is PermanentReason.InvalidAddress or PermanentReason.MailboxUnavailable)
        {
            var column = message.Channel == Channel.Sms ? "phone_status" : "email_status";
            batch.BatchCommands.Add(Command($"UPDATE scheduling.patients SET {column} = 'Invalid' WHERE id = $1", patientId));
        }

        if (outcome.State == MessageState.Failed && !message.PlanKey.EndsWith("/fallback", StringComparison.Ordinal))
        {
            var other = message.Channel == Channel.Sms ? Channel.Email : Channel.Sms;
            batch.BatchCommands.Add(Command("""
                INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, patient_id, appointment_id, survey_id, alert_id, due_at, next_attempt_at, not_after, urgent, state, attempts, created_at, updated_at)
                SELECT $1, subject_id, plan_key || '/fallback', kind, $2, patient_id, appointment_id, survey_id, alert_id, $3, $3, not_after, urgent, 'Planned', 0, $3, $3
                FROM scheduling.messages WHERE id = $4 AND not_after > $3
                ON CONFLICT (subject_id, plan_key, channel) DO NOTHING
                """, Guid.CreateVersion7(), other.ToString(), now, message.Id));
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO scheduling.work_items (id, clinic_id, patient_id, kind, subject_id, created_at, state, detail)
            SELECT $1, p.clinic_id, p.id, 'MessageFailed', $2, $3, 'Open', $4 FROM scheduling.patients p WHERE p.id = $5
            ON CONFLICT (kind, subject_id) WHERE state = 'Open' DO NOTHING
            """, Guid.CreateVersion7(), message.Id, now, $"{message.Kind} by {message.Channel}: {outcome.State} ({outcome.Reason})", patientId));
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
