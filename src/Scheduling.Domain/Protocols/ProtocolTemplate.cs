using NodaTime;

namespace Scheduling.Domain.Protocols;

/// <summary>
/// A treatment protocol as data: how many sessions, how long each one holds a chair, how far apart
/// they must be, which reminders and follow-ups each session gets.
/// </summary>
public sealed class ProtocolTemplate
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Null for templates every clinic shares (the built-ins among them).</summary>
    public Guid? ClinicId { get; init; }

    /// <summary>Shipped with the product; the migrate command adds a new version when its definition changes.</summary>
    public bool BuiltIn { get; init; }

    public required string Code { get; init; }

    /// <summary>
    /// 1 for every template at first. A built-in whose definition changed gets a new row with the same code and
    /// the next version; the older rows stay as they were for the series booked on them, and new bookings take
    /// the newest version (docs/domain.md, "Protocols").
    /// </summary>
    public int Version { get; init; } = 1;

    public required string Name { get; set; }
    public Medication Medication { get; set; }
    public int SessionCount { get; set; }

    /// <summary>Chair time: infusion or dosing plus monitoring.</summary>
    public Duration SessionDuration { get; set; }

    public int MinDaysBetween { get; set; }
    public int MaxDaysBetween { get; set; }

    /// <summary>
    /// Esketamine's REMS programme: a patient monitoring form is due within this many days of each session.
    /// </summary>
    public int? RemsFormDueDays { get; set; }

    /// <summary>Whether the day before each session the patient is asked to confirm a ride home and fasting.</summary>
    public bool DayBeforeCheck { get; set; } = true;

    /// <summary>
    /// PHQ-9 every month for this many months after the series ends (0: none), so that "booster may be
    /// due" can fire when relief fades (docs/survey-planning.md, "Watching for relapse").
    /// </summary>
    public int RelapseWatchMonths { get; set; }

    /// <summary>
    /// Clinics may add PCL-5 at each of the template's PHQ-9 occasions; off until a clinic turns it on
    /// (<see cref="ClinicTemplateOption"/>), so the template itself never changes.
    /// </summary>
    public bool OffersPcl5 { get; set; }

    /// <summary>
    /// No fixed end (esketamine maintenance): <see cref="SessionCount"/> sessions are booked at first and the
    /// front desk adds more to the running series (POST /api/series/{id}/sessions) before it runs out.
    /// </summary>
    public bool OpenEnded { get; set; }

    public List<ReminderRule> Reminders { get; init; } = [];
    public List<FollowUpRule> FollowUps { get; init; } = [];
    public Instant CreatedAt { get; init; }

    /// <summary>No new series from then on; series already booked keep moving and surveying by it.</summary>
    public Instant? RetiredAt { get; set; }

    /// <summary>
    /// Whether the other says the same as this one: every rule a series plans, moves and surveys by, and the name
    /// (not the id, code, version, owner or dates). Rules compare as sets, since the database keeps no order.
    /// </summary>
    public bool SameDefinitionAs(ProtocolTemplate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name
            && Medication == other.Medication
            && SessionCount == other.SessionCount
            && SessionDuration == other.SessionDuration
            && MinDaysBetween == other.MinDaysBetween
            && MaxDaysBetween == other.MaxDaysBetween
            && RemsFormDueDays == other.RemsFormDueDays
            && DayBeforeCheck == other.DayBeforeCheck
            && RelapseWatchMonths == other.RelapseWatchMonths
            && OffersPcl5 == other.OffersPcl5
            && OpenEnded == other.OpenEnded
            && SameRules(Reminders, other.Reminders)
            && SameRules(FollowUps, other.FollowUps);
    }

    /// <summary>The same definition under the next version: what migrate stores when a built-in changed.</summary>
    public ProtocolTemplate NextVersionOf(ProtocolTemplate previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Code != Code || previous.ClinicId != ClinicId)
        {
            throw new ArgumentException(
                "A new version keeps the code and owner of the one it follows.",
                nameof(previous)
            );
        }

        return new ProtocolTemplate
        {
            ClinicId = ClinicId,
            BuiltIn = BuiltIn,
            Code = Code,
            Version = previous.Version + 1,
            Name = Name,
            Medication = Medication,
            SessionCount = SessionCount,
            SessionDuration = SessionDuration,
            MinDaysBetween = MinDaysBetween,
            MaxDaysBetween = MaxDaysBetween,
            RemsFormDueDays = RemsFormDueDays,
            DayBeforeCheck = DayBeforeCheck,
            RelapseWatchMonths = RelapseWatchMonths,
            OffersPcl5 = OffersPcl5,
            OpenEnded = OpenEnded,
            Reminders = [.. Reminders],
            FollowUps = [.. FollowUps],
            CreatedAt = CreatedAt,
        };
    }

    private static bool SameRules<T>(List<T> one, List<T> other)
        where T : notnull =>
        one.Count == other.Count
        && one.OrderBy(r => r.ToString(), StringComparer.Ordinal)
            .SequenceEqual(other.OrderBy(r => r.ToString(), StringComparer.Ordinal));
}

public enum Medication
{
    KetamineIv,
    EsketamineNasal,
    Other,
}

public sealed record ReminderRule(Channel Channel, Duration Before);

/// <summary>
/// A follow-up survey planned after sessions. <see cref="Sessions"/> is "each", "first", "last" or a
/// comma-separated list of session numbers.
/// </summary>
public sealed record FollowUpRule(FollowUpKind Kind, Duration After, string Sessions);

public enum FollowUpKind
{
    PostSessionCheck,
    Phq9,
    Gad7,
    Pcl5,
}

public enum Channel
{
    Email,
    Sms,
}
