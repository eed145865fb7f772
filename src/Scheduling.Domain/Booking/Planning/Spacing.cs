using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>How far apart a protocol's sessions go: whole calendar days between local dates.</summary>
internal static class Spacing
{
    /// <summary>
    /// The middle of the allowed range, rounded down, so a move either way still fits; at least a day
    /// apart when the protocol allows it (IV induction 1..4 gives 2, esketamine induction 2..5 gives 3,
    /// maintenance 6..8 gives 7), and never beyond the maximum (a 0..0 protocol stays on one day).
    /// </summary>
    public static int TargetDays(ProtocolTemplate template) =>
        Math.Min(
            template.MaxDaysBetween,
            Math.Max((template.MinDaysBetween + template.MaxDaysBetween) / 2, Math.Max(template.MinDaysBetween, 1))
        );

    public static int DaysBetween(LocalDate earlier, LocalDate later) => Period.DaysBetween(earlier, later);

    public static bool Allows(ProtocolTemplate template, LocalDate previous, LocalDate next)
    {
        var days = DaysBetween(previous, next);
        return template.MinDaysBetween <= days && days <= template.MaxDaysBetween;
    }

    /// <summary>A template that breaks these is a data error, not something to plan around.</summary>
    public static void EnsurePlannable(ProtocolTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (
            template.SessionCount < 1
            || template.MinDaysBetween < 0
            || template.MaxDaysBetween < template.MinDaysBetween
            || template.SessionDuration <= Duration.Zero
        )
        {
            throw new ArgumentException(
                $"Template {template.Code} cannot be planned: {template.SessionCount} sessions, "
                    + $"{template.MinDaysBetween} to {template.MaxDaysBetween} days apart, "
                    + $"{template.SessionDuration} each.",
                nameof(template)
            );
        }
    }
}
