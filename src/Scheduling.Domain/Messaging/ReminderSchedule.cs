using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Messaging;

/// <summary>A message the plan wants for one session; (PlanKey, Channel) is unique per session.</summary>
public sealed record ScheduledMessage(
    MessageKind Kind,
    Channel Channel,
    PlanKey PlanKey,
    Instant DueAt,
    Instant NotAfter
);

/// <summary>
/// When each reminder of a session is due (docs/domain.md, "Time"): computed from the session's instant,
/// then kept inside the patient's sending window by moving it earlier, never after the session starts.
/// A reminder whose time has already passed is not back-filled.
/// </summary>
public static class ReminderSchedule
{
    /// <summary>
    /// The day-before check goes out at this local time, so that a "no" still leaves the front desk time to act.
    /// </summary>
    public static readonly LocalTime DayBeforeCheckTime = new(17, 0);

    /// <summary>Fasting starts six hours before an IV session; an answer after that is too late to matter.</summary>
    private static readonly Duration DayBeforeCheckDeadline = Duration.FromHours(6);

    public static IReadOnlyList<ScheduledMessage> ForSession(
        ProtocolTemplate template,
        Instant start,
        SendingWindow window,
        Instant now
    )
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(window);
        var messages = new List<ScheduledMessage>();
        foreach (var reminder in template.Reminders)
        {
            if (window.LatestAtOrBefore(start - reminder.Before) is { } due && due > now && due < start)
            {
                messages.Add(
                    new ScheduledMessage(
                        MessageKind.Reminder,
                        reminder.Channel,
                        PlanKey.Reminder(reminder.Before),
                        due,
                        start
                    )
                );
            }
        }

        if (template.DayBeforeCheck)
        {
            var dayBefore = start
                .InZone(window.Zone)
                .Date.PlusDays(-1)
                .At(DayBeforeCheckTime)
                .InZoneLeniently(window.Zone)
                .ToInstant();
            if (window.LatestAtOrBefore(dayBefore) is { } due && due > now && due < start - DayBeforeCheckDeadline)
            {
                messages.Add(
                    new ScheduledMessage(
                        MessageKind.DayBeforeCheck,
                        Channel.Sms,
                        PlanKey.DayBeforeCheck,
                        due,
                        start - DayBeforeCheckDeadline
                    )
                );
            }
        }

        return messages;
    }
}
