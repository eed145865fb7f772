using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// Every message the fake providers accepted, attributed to its row: an email by its Message-ID (our
/// message id, the same on every attempt), an SMS by its recipient and the kind its wording shows (a
/// burst holds at most one SMS of each kind per patient). Copies of one message are the duplicates a
/// patient would see.
/// </summary>
public sealed class ProviderLedger
{
    /// <summary>Words that only the default SMS template of each kind uses.</summary>
    private static readonly (string Words, MessageKind Kind)[] SmsWording =
    [
        ("visits are booked", MessageKind.BookingConfirmation),
        ("reminder of your visit", MessageKind.Reminder),
        ("your visit is tomorrow", MessageKind.DayBeforeCheck),
        ("has moved to", MessageKind.MoveNotice),
        ("is cancelled", MessageKind.CancelNotice),
    ];

    private ProviderLedger(IReadOnlyList<Acceptance> acceptances, IReadOnlyList<string> unattributed)
    {
        Acceptances = acceptances;
        Unattributed = unattributed;
        Copies = acceptances.GroupBy(a => a.MessageId).ToDictionary(g => g.Key, g => g.Count());
    }

    public IReadOnlyList<Acceptance> Acceptances { get; }

    /// <summary>Accepted messages that match no row; always a failure.</summary>
    public IReadOnlyList<string> Unattributed { get; }

    /// <summary>How many times each message was accepted.</summary>
    public IReadOnlyDictionary<Guid, int> Copies { get; }

    public IReadOnlySet<Guid> Duplicated => Copies.Where(c => c.Value > 1).Select(c => c.Key).ToHashSet();

    /// <summary>Copies beyond the first, over all messages: what patients received twice.</summary>
    public int ExtraCopies => Copies.Values.Sum(c => c - 1);

    /// <summary>
    /// Reads what the providers hold. <paramref name="smsCandidates"/> are the rows an SMS may belong to
    /// (the burst and the notices planned during the test), at most one per recipient and kind.
    /// </summary>
    public static ProviderLedger Read(
        IReadOnlyList<ReceivedEmail> emails,
        IReadOnlyList<TwilioRecordedMessage> sms,
        IReadOnlyList<MessageRow> rows,
        Func<MessageRow, bool> smsCandidates
    )
    {
        var acceptances = new List<Acceptance>();
        var unattributed = new List<string>();
        var emailRows = rows.Where(r => r.Channel == nameof(Channel.Email)).ToDictionary(r => r.Id);
        foreach (var email in emails)
        {
            var id = email.Message.MessageId?.Split('@')[0];
            if (Guid.TryParse(id, out var messageId) && emailRows.ContainsKey(messageId))
            {
                acceptances.Add(new Acceptance(messageId, nameof(Channel.Email), email.Message.MessageId!, email.At));
            }
            else
            {
                unattributed.Add($"email <{email.Message.MessageId}> to {string.Join(",", email.To)}");
            }
        }

        var smsRows = rows.Where(r => r.Channel == nameof(Channel.Sms) && smsCandidates(r))
            .GroupBy(r => (r.Phone, r.Kind))
            .ToList();
        var ambiguous = smsRows.FirstOrDefault(g => g.Count() > 1);
        Assert.True(
            ambiguous is null,
            $"More than one SMS row of kind {ambiguous?.Key.Kind} for one recipient: an SMS could not be told apart."
        );
        var smsByRecipientAndKind = smsRows.ToDictionary(g => g.Key, g => g.Single());
        foreach (var message in sms)
        {
            var body = message.Form["Body"];
            var kind = SmsWording
                .Where(w => body.Contains(w.Words, StringComparison.Ordinal))
                .Select(w => w.Kind.ToString())
                .FirstOrDefault();
            if (kind is not null && smsByRecipientAndKind.TryGetValue((message.To, kind), out var row))
            {
                acceptances.Add(new Acceptance(row.Id, nameof(Channel.Sms), message.Sid, message.Created));
            }
            else
            {
                unattributed.Add($"SMS {message.Sid} ({kind ?? "unknown kind"})");
            }
        }

        return new ProviderLedger(acceptances, unattributed);
    }

    /// <summary>
    /// Rows recorded as sent whose provider id the provider does not hold: a message we believe sent that nobody took.
    /// </summary>
    public IReadOnlyList<MessageRow> SentButNotAtProvider(IEnumerable<MessageRow> rows)
    {
        var held = Acceptances.Select(a => a.ProviderId).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. rows.Where(r =>
                r.State == nameof(MessageState.Sent) && (r.ProviderId is null || !held.Contains(r.ProviderId))
            ),
        ];
    }
}

/// <summary>
/// One message accepted by a provider: which row, by which channel, the provider's id for it, and when it was taken.
/// </summary>
public sealed record Acceptance(Guid MessageId, string Channel, string ProviderId, DateTimeOffset At);
