using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// The order in which the planner tries other times when the desired one is not free, nearest first.
/// Ties go to the later option, for times and dates alike: a patient who can come at 09:00 can more
/// often stay on than arrive earlier, and a later date never shortens the gap before the next session.
/// </summary>
internal static class SlotSearch
{
    private const int StepMinutes = 15;

    /// <summary>The desired date, then the other dates of the window by distance from it.</summary>
    public static IEnumerable<LocalDate> DatesNearest(LocalDate desired, LocalDate first, LocalDate last)
    {
        for (var distance = 0; ; distance++)
        {
            var later = desired.PlusDays(distance);
            var earlier = desired.PlusDays(-distance);
            if (later > last && earlier < first)
            {
                yield break;
            }

            if (later >= first && later <= last)
            {
                yield return later;
            }

            if (distance > 0 && earlier >= first && earlier <= last)
            {
                yield return earlier;
            }
        }
    }

    /// <summary>
    /// Wall-clock times on one date in 15-minute steps from the anchor: the anchor, +15, -15, +30, -30
    /// and so on until both directions leave the day. With <paramref name="laterOnly"/> only the + side.
    /// </summary>
    public static IEnumerable<LocalDateTime> TimesNearest(LocalDate date, LocalTime anchor, bool laterOnly)
    {
        var start = date.At(anchor);
        yield return start;
        for (var step = 1; ; step++)
        {
            var later = start.PlusMinutes(StepMinutes * step);
            var earlier = start.PlusMinutes(-StepMinutes * step);
            var laterFits = later.Date == date;
            var earlierFits = !laterOnly && earlier.Date == date;
            if (!laterFits && !earlierFits)
            {
                yield break;
            }

            if (laterFits)
            {
                yield return later;
            }

            if (earlierFits)
            {
                yield return earlier;
            }
        }
    }
}
