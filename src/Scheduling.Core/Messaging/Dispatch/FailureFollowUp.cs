using NodaTime;
using Npgsql;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What a failed message sets off, whether it failed when it was sent or when the provider later reported
/// it undelivered (docs/style.md, example 19: every failure has an owner). For a patient: an opt-out
/// reported by the provider goes into the consent ledger, a number or mailbox that does not exist is
/// marked, the message falls back to the patient's other consented channel, and the front desk gets a
/// `messages` work item. For an on-call page: the next on-call contact of the clinic is paged at once on
/// the same channel (<see cref="AlertPages"/>). Each step is keyed, so recording the same failure twice
/// plans and opens nothing twice.
/// </summary>
public sealed class FailureFollowUp(NpgsqlDataSource dataSource)
{
    public Task RecordAsync(
        ClaimedMessage message,
        SendRecord record,
        SendResult? result,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(record);
        var failed = FailedMessage.From(message);
        return RecordAsync(failed, record.State, record.Reason?.Name, result, now, null, cancellationToken);
    }

    /// <summary>
    /// The follow-up of a message that ended in <paramref name="state"/>: nothing unless Failed or Unknown.
    /// With a <paramref name="transaction"/>, it commits with the caller's change (a status callback).
    /// </summary>
    public async Task RecordAsync(
        FailedMessage message,
        MessageState state,
        string? reason,
        SendResult? result,
        Instant now,
        NpgsqlTransaction? transaction,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(message);
        if (state is not (MessageState.Failed or MessageState.Unknown))
        {
            return;
        }

        List<NpgsqlBatchCommand> commands = message switch
        {
            { OnCallContactId: { } contact, AlertId: { } alert } =>
            [
                AlertPages.NextContact(alert, contact, message, now),
            ],
            { PatientId: { } patient } => PatientCommands(message, patient, state, reason, result, now),
            _ => [],
        };
        if (commands.Count == 0)
        {
            return;
        }

        await using var batch = transaction is null
            ? dataSource.CreateBatch()
            : new NpgsqlBatch(transaction.Connection, transaction);
        commands.ForEach(batch.BatchCommands.Add);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<NpgsqlBatchCommand> PatientCommands(
        FailedMessage message,
        Guid patientId,
        MessageState state,
        string? reason,
        SendResult? result,
        Instant now
    )
    {
        var commands = new List<NpgsqlBatchCommand>();
        if (result?.Reason == PermanentReason.OptedOut && message.Channel == Channel.Sms)
        {
            commands.Add(
                Command(
                    """
                    INSERT INTO scheduling.consent_ledger
                        (id, patient_id, channel, granted, recorded_at, source, evidence)
                    VALUES ($1, $2, 'Sms', false, $3, 'ProviderOptOut', $4)
                    """,
                    Guid.CreateVersion7(),
                    patientId,
                    now,
                    $"The SMS provider reported the number as opted out ({result.ErrorCode})."
                )
            );
        }

        if (result?.Reason is PermanentReason.InvalidAddress or PermanentReason.MailboxUnavailable)
        {
            var column = message.Channel == Channel.Sms ? "phone_status" : "email_status";
            commands.Add(Command($"UPDATE scheduling.patients SET {column} = 'Invalid' WHERE id = $1", patientId));
        }

        if (state == MessageState.Failed && !message.PlanKey.IsFallback)
        {
            var other = message.Channel == Channel.Sms ? Channel.Email : Channel.Sms;
            commands.Add(
                Command(
                    $"""
                    INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, patient_id,
                        appointment_id, survey_id, alert_id, due_at, next_attempt_at, not_after, urgent, state,
                        attempts, created_at, updated_at)
                    SELECT $1, subject_id, $5, kind, $2, patient_id, appointment_id,
                        survey_id, alert_id, $3, $3, not_after, urgent, {MessageLifecycle.Plan.SqlTo}, 0, $3, $3
                    FROM scheduling.messages WHERE id = $4 AND not_after > $3
                    ON CONFLICT (subject_id, plan_key, channel) DO NOTHING
                    """,
                    Guid.CreateVersion7(),
                    other.ToString(),
                    now,
                    message.Id,
                    message.PlanKey.Fallback().Value
                )
            );
        }

        commands.Add(
            Command(
                Tasks.OpenSql(
                    $"""
                    SELECT p.clinic_id, p.id AS patient_id, '{WorkItemKind.MessageFailed}' AS kind, $1 AS subject_id,
                           $2 AS created_at, NULL::timestamptz AS due_at, $3 AS detail
                    FROM scheduling.patients p WHERE p.id = $4
                    """,
                    WorkItemCause.NewEvent
                ),
                message.Id,
                now,
                $"{message.Kind} by {message.Channel}: {state} ({reason})",
                patientId
            )
        );
        return commands;
    }

    internal static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return command;
    }
}

/// <summary>What the follow-up needs of a failed message, whether the dispatcher or a callback saw it fail.</summary>
public sealed record FailedMessage(
    Guid Id,
    MessageKind Kind,
    Channel Channel,
    PlanKey PlanKey,
    Guid? PatientId,
    Guid? OnCallContactId,
    Guid? AlertId
)
{
    public static FailedMessage From(ClaimedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            message.Id,
            message.Kind,
            message.Channel,
            message.PlanKey,
            message.PatientId,
            message.OnCallContactId,
            message.AlertId
        );
    }
}
