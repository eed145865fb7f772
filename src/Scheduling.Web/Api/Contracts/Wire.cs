using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api.Contracts;

/// <summary>
/// The API's text forms of time (docs/api-contract.md, "Conventions"): local date-times without offset
/// (`2026-12-01T09:00`, seconds optional), local dates, `HH:mm` times, ISO 8601 durations, instants
/// with offset. Parsing reports a field error instead of throwing, and takes only values every later step can
/// compute with: dates from <see cref="EarliestDate"/> to <see cref="LatestDate"/>, durations up to
/// <see cref="LongestDuration"/> either way (README, "Hostile input"); each field narrows these further.
/// </summary>
public static class Wire
{
    /// <summary>Old enough for any date of birth.</summary>
    public static readonly LocalDate EarliestDate = new(1900, 1, 1);

    /// <summary>Far beyond any booking, and far inside NodaTime's range (year 9999) whatever is added to it.</summary>
    public static readonly LocalDate LatestDate = new(2199, 12, 31);

    /// <summary>About ten years: longer than any offset a clinic speaks of, far inside NodaTime's range.</summary>
    public static readonly Duration LongestDuration = NodaTime.Duration.FromDays(3660);

    private const string DateRange = "Expected a date from 1900-01-01 to 2199-12-31.";

    private static readonly LocalDateTimePattern LocalDateTimeMinutes = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm"
    );
    private static readonly LocalDateTimePattern LocalDateTimeSeconds = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm':'ss"
    );
    private static readonly LocalTimePattern TimeMinutes = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly LocalTimePattern TimeSeconds = LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss");
    private static readonly InstantPattern InstantSeconds = InstantPattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'"
    );
    private static readonly OffsetDateTimePattern OffsetDateTime = OffsetDateTimePattern.ExtendedIso;

    public static LocalDateTime? LocalDateTime(string? text, string field, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var parsed = LocalDateTimeMinutes.Parse(text!.Trim());
        if (!parsed.Success)
        {
            parsed = LocalDateTimeSeconds.Parse(text.Trim());
        }

        var value = Value(parsed, field, "a local date and time such as 2026-12-01T09:00", problems);
        return value is { } v && !InRange(v.Date, field, problems) ? null : value;
    }

    public static LocalDate? LocalDate(string? text, string field, Problems problems)
    {
        var value = problems.Require(field, text)
            ? Value(LocalDatePattern.Iso.Parse(text!.Trim()), field, "a date such as 2026-12-01", problems)
            : null;
        return value is { } v && !InRange(v, field, problems) ? null : value;
    }

    /// <summary>The date a page was asked for, when it is one within range; the fallback otherwise.</summary>
    public static LocalDate DateOr(string? text, LocalDate fallback) =>
        LocalDatePattern.Iso.Parse(text?.Trim() ?? "").TryGetValue(fallback, out var date)
        && date >= EarliestDate
        && date <= LatestDate
            ? date
            : fallback;

    public static LocalTime? LocalTime(string? text, string field, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var parsed = TimeMinutes.Parse(text!.Trim());
        if (!parsed.Success)
        {
            parsed = TimeSeconds.Parse(text.Trim());
        }

        return Value(parsed, field, "a time such as 08:00", problems);
    }

    /// <summary>
    /// ISO 8601 durations of days, hours, minutes and seconds (PT24H, P1D, -PT24H); months and years have no fixed
    /// length.
    /// </summary>
    public static Duration? Duration(string? text, string field, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var trimmed = text!.Trim();
        var negative = trimmed.StartsWith('-');
        var parsed = PeriodPattern.NormalizingIso.Parse(negative ? trimmed[1..] : trimmed);
        if (!parsed.Success || parsed.Value.Years != 0 || parsed.Value.Months != 0)
        {
            problems.Add(field, "Expected an ISO 8601 duration of days, hours or minutes, such as PT24H or P1D.");
            return null;
        }

        NodaTime.Duration duration;
        try
        {
            duration = parsed.Value.ToDuration();
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            duration = NodaTime.Duration.MaxValue;
        }

        if (duration > LongestDuration)
        {
            problems.Add(field, "Expected a duration of at most P3660D (about ten years) either way.");
            return null;
        }

        return negative ? -duration : duration;
    }

    public static DateTimeZone? Zone(string? text, string field, IDateTimeZoneProvider zones, Problems problems)
    {
        if (!problems.Require(field, text))
        {
            return null;
        }

        var zone = zones.GetZoneOrNull(text!.Trim());
        if (zone is null)
        {
            problems.Add(field, "Expected an IANA time zone such as America/New_York.");
        }

        return zone;
    }

    public static string Format(LocalDateTime value) => LocalDateTimeMinutes.Format(value);

    public static string Format(LocalTime value) => TimeMinutes.Format(value);

    public static string Format(LocalDate value) => LocalDatePattern.Iso.Format(value);

    public static string Format(Instant value) => InstantSeconds.Format(value);

    /// <summary>Always in hours and minutes (PT72H, PT1H40M, -PT24H), the way clinics speak of offsets.</summary>
    public static string Format(Duration value)
    {
        var magnitude = value < NodaTime.Duration.Zero ? -value : value;
        var hours = (long)Math.Floor(magnitude.TotalHours);
        var minutes = magnitude.Minutes;
        var seconds = magnitude.Seconds;
        var text =
            "PT"
            + (hours > 0 ? Invariant($"{hours}H") : "")
            + (minutes > 0 ? Invariant($"{minutes}M") : "")
            + (seconds > 0 || magnitude == NodaTime.Duration.Zero ? Invariant($"{seconds}S") : "");
        return (value < NodaTime.Duration.Zero ? "-" : "") + text;
    }

    public static Instant? Instant(string? text, string field, Problems problems)
    {
        var value = problems.Require(field, text)
            ? Value(
                OffsetDateTime.Parse(text!.Trim()),
                field,
                "an instant with offset such as 2026-12-01T14:00:00Z",
                problems
            )
            : null;
        return value is { } v && !InRange(v.Date, field, problems) ? null : value?.ToInstant();
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static bool InRange(LocalDate date, string field, Problems problems)
    {
        if (date >= EarliestDate && date <= LatestDate)
        {
            return true;
        }

        problems.Add(field, DateRange);
        return false;
    }

    private static T? Value<T>(ParseResult<T> parsed, string field, string expected, Problems problems)
        where T : struct
    {
        if (parsed.Success)
        {
            return parsed.Value;
        }

        problems.Add(field, $"Expected {expected}.");
        return null;
    }
}
