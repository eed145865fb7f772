using NodaTime;

namespace Scheduling.Domain.Waitlist;

/// <summary>
/// Whether freed chair time suits an entry before the planner is asked (docs/waitlist.md, "What fits"): the same
/// clinic; the freed start, in the clinic's zone, on a date from earliest to latest and at a time from notBefore
/// to notAfter (both inclusive); and the template's session no longer than the freed time. The planner then
/// decides whether the first session can start exactly there, in that chair, and the rest of the series follow.
/// </summary>
public static class WaitlistMatch
{
    public static bool Fits(WaitlistEntry entry, ChairOpening opening, Duration session, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(zone);
        if (entry.ClinicId != opening.ClinicId || session > opening.Length)
        {
            return false;
        }

        var start = opening.Start.InZone(zone).LocalDateTime;
        return start.Date >= entry.Earliest
            && start.Date <= entry.Latest
            && (entry.NotBefore is not { } from || start.TimeOfDay >= from)
            && (entry.NotAfter is not { } until || start.TimeOfDay <= until);
    }
}
