using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Booking;

/// <summary>A random request for the planner to place, described well enough to rebuild it by hand.</summary>
public sealed record PlannedScenario(SeriesRequest Request, string Description)
{
    public override string ToString() => Description;
}

/// <summary>A random request with a typed-in time per session (sometimes the wrong number of them).</summary>
public sealed record GivenStartsScenario(SeriesRequest Request, string Description)
{
    public override string ToString() => Description;
}

/// <summary>
/// A random move of the rest of a booked series: the moved session's number, the one that stays before it.
/// </summary>
public sealed record MoveRestScenario(SeriesRequest Request, string Description)
{
    public override string ToString() => Description;
}

/// <summary>
/// Generators built so that most cases are interesting rather than filtered away: first starts on and
/// around the zone's clock changes, opening hours that include the night, chair bookings and the patient's
/// own sessions concentrated on the days the series will use, and "now" sometimes after the first start.
/// </summary>
public static class PlanningScenarios
{
    private static readonly string[] ZoneIds =
    [
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "UTC",
        "Asia/Kolkata",
    ];

    private static readonly LocalDate[] OrdinaryDates = [new(2026, 1, 12), new(2026, 6, 15), new(2026, 12, 7)];

    public static Arbitrary<PlannedScenario> Planned() =>
        Arb.From(Request().Select(r => new PlannedScenario(r, Describe(r))));

    public static Arbitrary<GivenStartsScenario> GivenStarts() =>
        Arb.From(
            from request in Request()
            from starts in Starts(request)
            let given = request with
            {
                SessionStarts = starts,
            }
            select new GivenStartsScenario(given, Describe(given))
        );

    /// <summary>
    /// The rest of a series moved: session k of n goes to the request's first start (kept exactly), sessions
    /// k+1..n (numbered with gaps now and then, as after a cancelled session) follow. The session before k stays
    /// where it was, from a day before the new start (too close for some protocols) to well beyond the
    /// protocol's widest spacing (an illness), and holds the patient's time and a chair as booked sessions do.
    /// </summary>
    public static Arbitrary<MoveRestScenario> MoveRest() =>
        Arb.From(
            from request in Request()
            from first in Gen.Choose(1, request.Template.SessionCount)
            from skips in Gen.ArrayOf(
                Gen.Frequency((5, Gen.Constant(1)), (1, Gen.Constant(2))),
                request.Template.SessionCount - first
            )
            from daysBefore in Gen.Choose(0, request.Template.MaxDaysBetween + 10)
            from quarters in Gen.Choose(-8, 8)
            from chair in Gen.Choose(1, request.Calendar.ChairIds.Count)
            let numbers = Numbers(first, skips)
            let kept = first == 1 ? null : Kept(request, first - 1, daysBefore, quarters, Clinics.ChairId(chair))
            let moved = request with
            {
                Continues = new Continuation(numbers, kept),
                PatientSessions = kept is null
                    ? request.PatientSessions
                    : [.. request.PatientSessions, new PatientSession(kept.StartInstant, kept.EndInstant)],
                ChairBookings = kept is null
                    ? request.ChairBookings
                    :
                    [
                        .. request.ChairBookings,
                        new ChairBooking(kept.ChairId!.Value, kept.StartInstant, kept.EndInstant),
                    ],
            }
            select new MoveRestScenario(
                moved,
                Describe(moved) + $"; moving [{string.Join(", ", numbers)}] after {Describe(kept)}"
            )
        );

    private static List<int> Numbers(int first, int[] skips)
    {
        var numbers = new List<int> { first };
        foreach (var step in skips)
        {
            numbers.Add(numbers[^1] + step);
        }

        return numbers;
    }

    private static PlannedSession Kept(SeriesRequest request, int number, int daysBefore, int quarters, Guid chair)
    {
        var zone = request.Calendar.Zone;
        var local = request.FirstSessionStart.PlusDays(-daysBefore).PlusMinutes(quarters * 15);
        var start = zone.AtLeniently(local);
        var end = start.Plus(request.Template.SessionDuration);
        return new PlannedSession(
            number,
            local,
            start.LocalDateTime,
            start.ToInstant(),
            end.LocalDateTime,
            end.ToInstant(),
            chair,
            []
        );
    }

    private static string Describe(PlannedSession? kept) =>
        kept is null
            ? "nothing"
            : $"session {kept.Number} at {kept.Start:uuuu-MM-dd HH:mm} on chair {kept.ChairId.ToString()![^1]}";

    private static Gen<ProtocolTemplate> Template() =>
        from sessions in Gen.Choose(1, 8)
        from min in Gen.Choose(0, 5)
        from extra in Gen.Choose(0, 6)
        from fiveMinutes in Gen.Choose(6, 36)
        select Clinics.Template(sessions, min, min + extra, fiveMinutes * 5);

    private static Gen<SeriesRequest> Request() =>
        from template in Template()
        from zoneId in Gen.Elements(ZoneIds)
        from chairs in Gen.Choose(1, 4)
        let zone = DateTimeZoneProviders.Tzdb[zoneId]
        from first in FirstStart(zone)
        from hours in Gen.CollectToList(Enumerable.Range(1, 7).Select(d => DayHours((IsoDayOfWeek)d, first.TimeOfDay)))
        let date = first.Date
        let span = Math.Min(45, ((template.SessionCount - 1) * template.MaxDaysBetween) + 2)
        from closed in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, span), n))
        from nowMinutes in Gen.Frequency((5, Gen.Choose(-72 * 60, 0)), (1, Gen.Choose(1, 48 * 60)))
        from bookings in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Booking(chairs, span), n))
        from patient in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Stretch(span, Gen.Choose(2, 12)), n))
        select new SeriesRequest(
            template,
            new ClinicCalendar(
                zone,
                [.. hours.SelectMany(h => h)],
                closed.Select(date.PlusDays).ToHashSet(),
                [.. Enumerable.Range(1, chairs).Select(Clinics.ChairId)]
            ),
            first,
            zone.AtLeniently(first).ToInstant().Plus(Duration.FromMinutes(nowMinutes))
        )
        {
            ChairBookings =
            [
                .. bookings.Select(b =>
                    Interval(zone, date, b.Stretch) switch
                    {
                        var (start, end) => new ChairBooking(b.Chair, start, end),
                    }
                ),
            ],
            PatientSessions =
            [
                .. patient.Select(p =>
                    Interval(zone, date, p) switch
                    {
                        var (start, end) => new PatientSession(start, end),
                    }
                ),
            ],
        };

    /// <summary>
    /// In zones with clock changes, half the first starts fall within ten days before (or three after)
    /// one of the zone's 2026 changes, mostly within an hour of the wall-clock time the change starts at
    /// (the hour before it is a gap's skipped hour, the hour after it an overlap's repeated one), so
    /// sessions land in both. The rest are ordinary dates at any quarter hour, now and then an odd minute.
    /// </summary>
    private static Gen<LocalDateTime> FirstStart(DateTimeZone zone)
    {
        var ordinary =
            from date in Gen.Elements(OrdinaryDates)
            from minuteOfDay in Gen.Frequency((5, Gen.Choose(0, 95).Select(q => q * 15)), (1, Gen.Choose(0, 1439)))
            select date.At(LocalTime.Midnight).PlusMinutes(minuteOfDay);
        var changes = zone.GetZoneIntervals(Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2027, 1, 1, 0, 0))
            .Skip(1)
            .Select(i => i.IsoLocalStart)
            .ToArray();
        if (changes.Length == 0)
        {
            return ordinary;
        }

        var nearAChange =
            from change in Gen.Elements(changes)
            from days in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(-10, 3)))
            from quarters in Gen.Frequency((3, Gen.Choose(-4, 3)), (1, Gen.Choose(-8, 8)))
            select change.PlusDays(days).PlusMinutes(quarters * 15);
        return Gen.Frequency((1, ordinary), (1, nearAChange));
    }

    /// <summary>
    /// A closed weekday, one range, or two ranges with a break; night hours included on purpose, and
    /// often a range around the asked time of day, so that clock-change nights are open and asked times
    /// are blocked by occupancy rather than only by hours.
    /// </summary>
    private static Gen<IReadOnlyList<OpeningRange>> DayHours(IsoDayOfWeek day, LocalTime asked) =>
        Gen.Frequency(
            (1, Gen.Constant<IReadOnlyList<OpeningRange>>([])),
            (
                3,
                from before in Gen.Choose(0, 8)
                from after in Gen.Choose(8, 40)
                let quarter = (asked.Hour * 4) + (asked.Minute / 15)
                select (IReadOnlyList<OpeningRange>)[Range(day, Math.Max(0, quarter - before), quarter + after)]
            ),
            (
                4,
                from open in Gen.Frequency((3, Gen.Choose(0, 48)), (1, Gen.Choose(0, 4)))
                from length in Gen.Choose(8, 56)
                select (IReadOnlyList<OpeningRange>)[Range(day, open, open + length)]
            ),
            (
                1,
                from open in Gen.Choose(0, 40)
                from morning in Gen.Choose(8, 24)
                from pause in Gen.Choose(1, 8)
                from afternoon in Gen.Choose(8, 24)
                select (IReadOnlyList<OpeningRange>)
                    [
                        Range(day, open, open + morning),
                        Range(day, open + morning + pause, open + morning + pause + afternoon),
                    ]
            )
        );

    private static OpeningRange Range(IsoDayOfWeek day, int openQuarter, int closeQuarter) =>
        new(day, Quarter(openQuarter), Quarter(Math.Min(closeQuarter, 95)));

    private static LocalTime Quarter(int quarter) => LocalTime.Midnight.PlusMinutes(quarter * 15);

    /// <summary>Short bookings most of the time, and now and then a chair taken for a whole day.</summary>
    private static Gen<(Guid Chair, (int Day, int Quarter, int Length) Stretch)> Booking(int chairs, int span) =>
        from chair in Gen.Choose(1, chairs)
        from stretch in Gen.Frequency(
            (4, Stretch(span, Gen.Choose(2, 24))),
            (1, Gen.Choose(-1, span).Select(day => (day, 0, 96)))
        )
        select (Clinics.ChairId(chair), stretch);

    private static Gen<(int Day, int Quarter, int Length)> Stretch(int span, Gen<int> length) =>
        from day in Gen.Choose(-1, span)
        from quarter in Gen.Choose(0, 95)
        from quarters in length
        select (day, quarter, quarters);

    private static (Instant Start, Instant End) Interval(
        DateTimeZone zone,
        LocalDate from,
        (int Day, int Quarter, int Length) stretch
    )
    {
        var start = from.PlusDays(stretch.Day).At(LocalTime.Midnight).PlusMinutes(stretch.Quarter * 15);
        var startInstant = zone.AtLeniently(start).ToInstant();
        var endInstant = zone.AtLeniently(start.PlusMinutes(stretch.Length * 15)).ToInstant();
        return (startInstant, endInstant > startInstant ? endInstant : startInstant.Plus(Duration.FromMinutes(15)));
    }

    /// <summary>
    /// Typed-in times near the protocol's spacing (one day either side of the window, so some break it),
    /// mostly at session 1's time of day; one case in ten has one time too many or too few.
    /// </summary>
    private static Gen<IReadOnlyList<LocalDateTime>> Starts(SeriesRequest request)
    {
        var template = request.Template;
        var step =
            from days in Gen.Choose(template.MinDaysBetween - 1, template.MaxDaysBetween + 1)
            from minuteOfDay in Gen.Frequency(
                (3, Gen.Constant(request.FirstSessionStart.TimeOfDay)),
                (2, Gen.Choose(0, 95).Select(Quarter))
            )
            select (days, minuteOfDay);
        return from count in Gen.Frequency(
                (9, Gen.Constant(template.SessionCount)),
                (1, Gen.Elements(template.SessionCount - 1, template.SessionCount + 1))
            )
            from steps in Gen.ArrayOf(step, Math.Max(0, count - 1))
            select (IReadOnlyList<LocalDateTime>)Accumulate(request.FirstSessionStart, steps, count);
    }

    private static List<LocalDateTime> Accumulate(LocalDateTime first, (int Days, LocalTime Time)[] steps, int count)
    {
        var starts = count == 0 ? [] : new List<LocalDateTime> { first };
        foreach (var (days, time) in steps)
        {
            starts.Add(starts[^1].Date.PlusDays(days).At(time));
        }

        return starts;
    }

    private static string Describe(SeriesRequest r)
    {
        var t = r.Template;
        var hours = string.Join(", ", r.Calendar.OpeningHours.Select(h => $"{h.Day} {h.Open:HH:mm}-{h.Close:HH:mm}"));
        var given = r.SessionStarts is null
            ? "none"
            : string.Join(", ", r.SessionStarts.Select(s => s.ToString("uuuu-MM-dd HH:mm", null)));
        return $"{t.SessionCount} sessions {t.MinDaysBetween}..{t.MaxDaysBetween} days, "
            + $"{t.SessionDuration.TotalMinutes} min; zone {r.Calendar.Zone.Id}; "
            + $"first {r.FirstSessionStart:uuuu-MM-dd HH:mm}; now {r.Now}; "
            + $"chairs {r.Calendar.ChairIds.Count}; hours [{hours}]; "
            + $"closed [{string.Join(", ", r.Calendar.ClosedDates)}]; given [{given}]; "
            + "chair bookings "
            + $"[{string.Join(", ", r.ChairBookings.Select(b => $"{b.ChairId.ToString()[^1]}:{b.Start}-{b.End}"))}]; "
            + $"patient [{string.Join(", ", r.PatientSessions.Select(p => $"{p.Start}-{p.End}"))}]";
    }
}
