using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Messaging;

/// <summary>Where one of a patient's reminder SMS stands as far as the caps are concerned.</summary>
public enum CapStanding
{
    /// <summary>Still to go (planned, or claimed and about to be sent): the caps decide whether it is held.</summary>
    Open,

    /// <summary>Handed to the provider (sent, delivered, or an outcome we could not learn): it counts.</summary>
    Gone,

    /// <summary>Already held back by a cap: it does not count.</summary>
    Held,
}

/// <summary>
/// One of a patient's reminder SMS as the caps see it. <paramref name="NotAfter"/> is a reminder's session
/// start: of two due at the same instant, the one for the sooner session comes first, then the plan key.
/// </summary>
public sealed record CappedReminder(Guid Id, Instant DueAt, Instant NotAfter, PlanKey PlanKey, CapStanding Standing);

/// <summary>
/// The frequency caps on reminder SMS (docs/domain.md, "Time"): at most <paramref name="PerDay"/> in any 24
/// hours and <paramref name="PerWeek"/> in any 7 days per patient, over all the patient's sessions and series.
/// Reminders are taken in due order; an open one is held when those before it that count already fill a cap
/// within the 24 hours or 7 days up to its due instant. Windows are half-open, so a reminder due exactly 24
/// hours before another is outside that one's day. What is held does not count. Due instants, not the
/// instants of sending, are counted, so the booking preview, the patient page and the dispatcher, which all
/// ask this rule, give the same answer.
/// </summary>
public sealed record ReminderCaps(int PerDay, int PerWeek)
{
    /// <summary>The reason a held reminder is recorded and shown with.</summary>
    public const string Reason = "FrequencyCap";

    public static readonly Duration Day = Duration.FromDays(1);
    public static readonly Duration Week = Duration.FromDays(7);

    /// <summary>Only reminders by SMS are capped; confirmations, notices, checks, surveys and alerts never.</summary>
    public static bool Applies(MessageKind kind, Channel channel) =>
        kind == MessageKind.Reminder && channel == Channel.Sms;

    /// <summary>How a stored row stands; null for one that will not reach the patient for another reason.</summary>
    public static CapStanding? StandingOf(MessageState state, string? reason) =>
        state switch
        {
            MessageState.Planned or MessageState.Sending => CapStanding.Open,
            MessageState.Sent or MessageState.Delivered or MessageState.Unknown => CapStanding.Gone,
            MessageState.Suppressed when reason == Reason => CapStanding.Held,
            _ => null,
        };

    /// <summary>The open reminders the caps hold back (each id once; a repeated id counts once).</summary>
    public IReadOnlySet<Guid> Held(IEnumerable<CappedReminder> reminders)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        var counted = new List<Instant>();
        var held = new HashSet<Guid>();
        var ordered = reminders
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.DueAt)
            .ThenBy(r => r.NotAfter)
            .ThenBy(r => r.PlanKey.Value, StringComparer.Ordinal)
            .ThenBy(r => r.Id);
        foreach (var reminder in ordered)
        {
            if (reminder.Standing == CapStanding.Held)
            {
                continue;
            }

            if (reminder.Standing == CapStanding.Open && IsFull(counted, reminder.DueAt))
            {
                held.Add(reminder.Id);
                continue;
            }

            counted.Add(reminder.DueAt);
        }

        return held;
    }

    /// <summary>Whether <paramref name="candidate"/> is held, given the patient's other reminder SMS.</summary>
    public bool Holds(CappedReminder candidate, IEnumerable<CappedReminder> others)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(others);
        return Held(others.Where(o => o.Id != candidate.Id).Append(candidate with { Standing = CapStanding.Open }))
            .Contains(candidate.Id);
    }

    private bool IsFull(List<Instant> counted, Instant due) =>
        counted.Count(t => t > due - Day) >= PerDay || counted.Count(t => t > due - Week) >= PerWeek;
}
