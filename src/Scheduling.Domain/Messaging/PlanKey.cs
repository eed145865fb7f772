using System.Globalization;
using NodaTime;

namespace Scheduling.Domain.Messaging;

/// <summary>
/// What makes a message one of a kind for its subject and channel ("Reminder/120m", "Moved/3",
/// "SafetyAlert/{contact}/repage/2/failover", "SurveyInvitation/fallback"). Built only by the named factories
/// and read back by <see cref="Parse"/>; stored as its text in messages.plan_key, so the table's uniqueness on
/// (subject, plan key, channel) keeps planning idempotent.
/// </summary>
public readonly record struct PlanKey
{
    private const string FallbackSuffix = "/fallback";
    private const string FailoverSuffix = "/failover";
    private const string RepageMark = "/repage/";
    private const string AlertPrefix = "SafetyAlert/";

    private readonly string? _value;

    private PlanKey(string value) => _value = value;

    public string Value => _value ?? "";

    public static PlanKey BookingConfirmation { get; } = new(nameof(BookingConfirmation));

    public static PlanKey DayBeforeCheck { get; } = new(nameof(DayBeforeCheck));

    public static PlanKey Cancelled { get; } = new(nameof(Cancelled));

    public static PlanKey SurveyInvitation { get; } = new(nameof(SurveyInvitation));

    public static PlanKey SurveyReminder { get; } = new(nameof(SurveyReminder));

    /// <summary>The one "reply R to rebook" SMS after a session was marked a no-show.</summary>
    public static PlanKey NoShow { get; } = new(nameof(NoShow));

    /// <summary>The one message of a waitlist offer (its subject is the offer).</summary>
    public static PlanKey WaitlistOffer { get; } = new(nameof(WaitlistOffer));

    /// <summary>The reminder a template sends <paramref name="before"/> the session, in whole minutes.</summary>
    public static PlanKey Reminder(Duration before) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Reminder/{(long)before.TotalMinutes}m"));

    /// <summary>The notice of the session's move that made it revision <paramref name="revision"/>.</summary>
    public static PlanKey Moved(int revision) => new(string.Create(CultureInfo.InvariantCulture, $"Moved/{revision}"));

    /// <summary>The first page of a self-harm alert to one on-call contact.</summary>
    public static PlanKey Page(Guid contactId) => new($"{AlertPrefix}{contactId}");

    /// <summary>The <paramref name="round"/>-th page again of an alert nobody has acknowledged.</summary>
    public static PlanKey Repage(Guid contactId, int round) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{AlertPrefix}{contactId}{RepageMark}{round}"));

    /// <summary>The same message on the patient's other channel after this one failed.</summary>
    public PlanKey Fallback() => IsFallback ? this : new(Value + FallbackSuffix);

    /// <summary>The same round's page to <paramref name="contactId"/> after this page failed.</summary>
    public PlanKey FailoverTo(Guid contactId) =>
        new((Round is { } round ? Repage(contactId, round) : Page(contactId)).Value + FailoverSuffix);

    public bool IsFallback => Value.EndsWith(FallbackSuffix, StringComparison.Ordinal);

    public bool IsFailover => Value.EndsWith(FailoverSuffix, StringComparison.Ordinal);

    /// <summary>For a move notice, the revision it announces.</summary>
    public int? MovedRevision => Parts() is ["Moved", var n] ? Number(n) : null;

    /// <summary>For a page, the contact it goes to.</summary>
    public Guid? Contact =>
        Parts() is ["SafetyAlert", var id, ..] && Guid.TryParse(id, out var contact) ? contact : null;

    /// <summary>For a page, its round: 0 for the first, n for the n-th page again; null for other messages.</summary>
    public int? Round =>
        Parts() switch
        {
            ["SafetyAlert", _] => 0,
            ["SafetyAlert", _, "repage", var n] => Number(n),
            _ => null,
        };

    /// <summary>The key of a stored text; a text no factory makes is a broken invariant.</summary>
    public static PlanKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not a plan key.");

    public static bool TryParse(string? text, out PlanKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var core =
            text.EndsWith(FallbackSuffix, StringComparison.Ordinal) ? text[..^FallbackSuffix.Length]
            : text.EndsWith(FailoverSuffix, StringComparison.Ordinal) ? text[..^FailoverSuffix.Length]
            : text;
        var valid = core.Split('/') switch
        {
            [nameof(BookingConfirmation)] or [nameof(DayBeforeCheck)] or [nameof(Cancelled)] or [nameof(NoShow)] =>
                true,
            [nameof(SurveyInvitation)] or [nameof(SurveyReminder)] or [nameof(WaitlistOffer)] => true,
            ["Reminder", var m] => m.EndsWith('m') && Number(m[..^1]) is not null,
            ["Moved", var n] => Number(n) is not null,
            ["SafetyAlert", var id] => IsGuid(id),
            ["SafetyAlert", var id, "repage", var n] => IsGuid(id) && Number(n) is not null,
            _ => false,
        };
        var alert = core.StartsWith(AlertPrefix, StringComparison.Ordinal);
        if (
            !valid
            || (alert && text.EndsWith(FallbackSuffix, StringComparison.Ordinal))
            || (!alert && text.EndsWith(FailoverSuffix, StringComparison.Ordinal))
        )
        {
            return false;
        }

        key = new PlanKey(text);
        return true;
    }

    public override string ToString() => Value;

    private string[] Parts()
    {
        var core =
            IsFallback ? Value[..^FallbackSuffix.Length]
            : IsFailover ? Value[..^FailoverSuffix.Length]
            : Value;
        return core.Split('/');
    }

    private static bool IsGuid(string text) => text.Length == 36 && Guid.TryParse(text, out _);

    private static int? Number(string text) =>
        text.Length > 0
        && text.All(char.IsAsciiDigit)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
