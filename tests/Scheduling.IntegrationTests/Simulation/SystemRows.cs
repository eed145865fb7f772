using NodaTime;
using Npgsql;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// The system's messages and attempts as the invariants read them (plain SQL over column names, so the
/// check does not lean on the entity's shape), refreshed by what changed since the last read, and what
/// the fake providers accepted, each tagged with the simulated instant it was first seen.
/// </summary>
public sealed class SystemRows(NpgsqlDataSource dataSource, MessagingAppProviders providers)
{
    private readonly Dictionary<Guid, MessageRow> _messages = [];
    private readonly Dictionary<Guid, List<AttemptRow>> _attempts = [];
    private readonly Dictionary<string, Guid> _bySid = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, HashSet<Guid>> _byAppointment = [];
    private long _lastAttempt;
    private Instant? _lastRead;
    private int _smsSeen;
    private int _emailsSeen;

    public IReadOnlyDictionary<Guid, MessageRow> Messages => _messages;

    /// <summary>The rows read by the last refresh: those created or changed since the one before.</summary>
    public List<MessageRow> Changed { get; } = [];

    /// <summary>Rows that are Failed or Unknown now.</summary>
    public HashSet<Guid> Failures { get; } = [];

    /// <summary>Patients whose SMS provider reported them opted out (21610).</summary>
    public HashSet<Guid> ProviderOptedOut { get; } = [];

    public IEnumerable<MessageRow> OfAppointment(Guid appointment) =>
        _byAppointment.TryGetValue(appointment, out var ids) ? ids.Select(id => _messages[id]) : [];

    public List<(Instant At, TwilioRecordedMessage Sms)> Sms { get; } = [];
    public List<(Instant At, ReceivedEmail Email)> Emails { get; } = [];

    public IReadOnlyList<AttemptRow> AttemptsOf(Guid message) =>
        _attempts.TryGetValue(message, out var list) ? list : [];

    public Guid? MessageOfSid(string sid) => _bySid.TryGetValue(sid, out var id) ? id : null;

    /// <summary>New provider records since the last call, tagged with now.</summary>
    public (IReadOnlyList<TwilioRecordedMessage> Sms, IReadOnlyList<ReceivedEmail> Emails) Observe(Instant now)
    {
        var sms = providers.Twilio.Messages;
        var newSms = sms.Skip(_smsSeen).ToList();
        _smsSeen = sms.Count;
        Sms.AddRange(newSms.Select(m => (now, m)));
        var emails = providers.Smtp.Received;
        var newEmails = emails.Skip(_emailsSeen).ToList();
        _emailsSeen = emails.Count;
        Emails.AddRange(newEmails.Select(e => (now, e)));
        return (newSms, newEmails);
    }

    /// <summary>Reads the rows created or changed since the last read (all of them with
    /// <paramref name="full"/>); the clock stands at now.</summary>
    public async Task RefreshAsync(Instant now, bool full = false)
    {
        Changed.Clear();
        await using (
            var command = dataSource.CreateCommand(
                """
                SELECT id, kind, channel, plan_key, subject_id, patient_id, on_call_contact_id, appointment_id,
                       survey_id, alert_id,
                       state, reason, due_at, not_after, sent_at, attempts, provider_id, urgent, created_at, updated_at
                FROM scheduling.messages WHERE $1::timestamptz IS NULL OR updated_at >= $1 OR created_at >= $1
                """
            )
        )
        {
            command.Parameters.AddWithValue(full || _lastRead is null ? DBNull.Value : _lastRead.Value);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new MessageRow(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetGuid(4),
                    Nullable(reader, 5),
                    Nullable(reader, 6),
                    Nullable(reader, 7),
                    Nullable(reader, 8),
                    Nullable(reader, 9),
                    reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetFieldValue<Instant>(12),
                    reader.GetFieldValue<Instant>(13),
                    reader.IsDBNull(14) ? null : reader.GetFieldValue<Instant>(14),
                    reader.GetInt32(15),
                    reader.IsDBNull(16) ? null : reader.GetString(16),
                    reader.GetBoolean(17),
                    reader.GetFieldValue<Instant>(18),
                    reader.GetFieldValue<Instant>(19)
                );
                _messages[row.Id] = row;
                Changed.Add(row);
                if (row.State is "Failed" or "Unknown")
                {
                    Failures.Add(row.Id);
                }
                else
                {
                    Failures.Remove(row.Id);
                }

                if (row.Reason == "OptedOut" && row.PatientId is { } patient)
                {
                    ProviderOptedOut.Add(patient);
                }

                if (row.AppointmentId is { } appointment)
                {
                    if (!_byAppointment.TryGetValue(appointment, out var ids))
                    {
                        _byAppointment[appointment] = ids = [];
                    }

                    ids.Add(row.Id);
                }
            }
        }

        await using (
            var command = dataSource.CreateCommand(
                """
                SELECT id, message_id, at, outcome, provider_id FROM scheduling.message_attempts
                WHERE id > $1 ORDER BY id
                """
            )
        )
        {
            command.Parameters.AddWithValue(_lastAttempt);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var attempt = new AttemptRow(
                    reader.GetGuid(1),
                    reader.GetFieldValue<Instant>(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)
                );
                _lastAttempt = reader.GetInt64(0);
                if (!_attempts.TryGetValue(attempt.MessageId, out var list))
                {
                    _attempts[attempt.MessageId] = list = [];
                }

                list.Add(attempt);
                if (attempt.ProviderId is { } sid)
                {
                    _bySid[sid] = attempt.MessageId;
                }
            }
        }

        _lastRead = now;
    }

    /// <summary>When the provider took this message according to our own log: its last attempt up to when it
    /// was seen.</summary>
    public Instant SentAt(Guid message, Instant seen) =>
        AttemptsOf(message).Where(a => a.At <= seen).Select(a => (Instant?)a.At).LastOrDefault() ?? seen;

    private static Guid? Nullable(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
}

public sealed record MessageRow(
    Guid Id,
    string Kind,
    string Channel,
    string PlanKey,
    Guid SubjectId,
    Guid? PatientId,
    Guid? OnCallContactId,
    Guid? AppointmentId,
    Guid? SurveyId,
    Guid? AlertId,
    string State,
    string? Reason,
    Instant DueAt,
    Instant NotAfter,
    Instant? SentAt,
    int Attempts,
    string? ProviderId,
    bool Urgent,
    Instant CreatedAt,
    Instant UpdatedAt
)
{
    public bool Went => State is "Sent" or "Delivered";
}

public sealed record AttemptRow(Guid MessageId, Instant At, string Outcome, string? ProviderId);

/// <summary>The two fake providers of one host.</summary>
public sealed record MessagingAppProviders(FakeSmtpServer Smtp, FakeTwilioServer Twilio);
