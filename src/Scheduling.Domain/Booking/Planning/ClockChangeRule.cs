using NodaTime;
using NodaTime.TimeZones;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// The named rule for wall-clock times a clock change skips or repeats (docs/booking-time-rules.md).
/// A time in a gap moves forward by the length of the gap (02:30 on a spring-forward night becomes
/// 03:30), which is what a wall clock that was not yet changed would show. A time that happens twice
/// takes the first occurrence, so the session never starts later than anyone read it on the calendar.
/// </summary>
public static class ClockChangeRule
{
    private static readonly ZoneLocalMappingResolver Resolver = Resolvers.CreateMappingResolver(
        Resolvers.ReturnEarlier,
        Resolvers.ReturnForwardShifted
    );

    public static ResolvedStart Resolve(LocalDateTime requested, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var mapping = zone.MapLocal(requested);
        var change = mapping.Count switch
        {
            0 => ClockChange.Skipped,
            1 => ClockChange.None,
            _ => ClockChange.Repeated,
        };
        return new ResolvedStart(requested, Resolver(mapping), change);
    }
}

public enum ClockChange
{
    None,

    /// <summary>The requested time does not exist (clocks go forward); the start was shifted forward.</summary>
    Skipped,

    /// <summary>The requested time happens twice (clocks go back); the start is the first occurrence.</summary>
    Repeated,
}

/// <summary>A requested wall-clock time and the zoned start the rule gave it.</summary>
public sealed record ResolvedStart(LocalDateTime Requested, ZonedDateTime Start, ClockChange Change)
{
    public LocalDateTime Local => Start.LocalDateTime;

    public Instant Instant => Start.ToInstant();
}
