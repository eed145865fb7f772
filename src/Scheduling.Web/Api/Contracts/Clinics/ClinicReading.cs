using NodaTime;
using Scheduling.Core.Clinics;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Web.Api.Contracts.Clinics;

/// <summary>
/// Reads the clinic requests' strings into <see cref="ClinicDefinition"/> and its parts, naming each bad field as
/// the client sent it (`timeZone`, `openingHours[2].close`, `onCall[0].phone`, …).
/// </summary>
public static class ClinicReading
{
    /// <summary>The most a patient may be asked to cancel ahead: beyond it, the link could never cancel.</summary>
    public static readonly Duration LongestCancelNotice = Duration.FromDays(30);

    /// <summary>
    /// The clinic as the input describes it, or null with the problems; `NameInMessages` is the name messages
    /// would use when it was read (to be checked for discretion as well), null otherwise.
    /// </summary>
    public static (ClinicDefinition? Definition, string? NameInMessages) Read(
        ClinicInput? input,
        IDateTimeZoneProvider zones,
        Problems problems
    )
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (input is null)
        {
            problems.Add("body", "A clinic is required.");
            return (null, null);
        }

        var (name, messageName, shown) = ReadNames(input, problems);
        var zone = Wire.Zone(input.TimeZone, "timeZone", zones, problems);
        var phone = ContactDetails.Phone(input.Phone, "phone", "US", problems);
        if (problems.Require("chairs", input.Chairs) && input.Chairs is < 1 or > ClinicDefinition.MaxChairs)
        {
            problems.Add("chairs", $"Expected a whole number from 1 to {ClinicDefinition.MaxChairs}.");
        }

        var hours = ReadOpeningHours(input.OpeningHours, problems);
        var closed = ReadClosedDates(input.ClosedDates, problems);
        var window = input.SendingWindow is { } w ? ReadWindow(w, "sendingWindow.", problems) : null;
        var region = phone is null ? "US" : ContactDetails.RegionOf(phone);
        var onCall = ReadOnCallList(input.OnCall, region, problems);
        if (onCall is { Count: 0 })
        {
            problems.Add(ClinicDefinition.OnCallField, ClinicDefinition.OnCallRequired);
        }

        var notice = input.CancelNotice is null ? null : ReadCancelNotice(input.CancelNotice, problems);
        return problems.Any
            ? (null, shown)
            : (
                new ClinicDefinition(
                    name!,
                    messageName,
                    zone!,
                    phone!,
                    input.Chairs!.Value,
                    hours,
                    closed,
                    window,
                    onCall!,
                    notice
                ),
                shown
            );
    }

    /// <summary>`name` as required, `messageName` when given (blank is none), and which one messages use.</summary>
    private static (string? Name, string? MessageName, string? Shown) ReadNames(ClinicInput input, Problems problems)
    {
        var name = ContactDetails.Text(input.Name, "name", 200, problems);
        if (string.IsNullOrWhiteSpace(input.MessageName))
        {
            return (name, null, name);
        }

        var messageName = ContactDetails.Text(input.MessageName, ClinicDefinition.MessageNameField, 200, problems);
        return (name, messageName, messageName);
    }

    /// <summary>From no notice at all (cancel until the session starts) to <see cref="LongestCancelNotice"/>.</summary>
    public static Duration? ReadCancelNotice(string? text, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var notice = Wire.Duration(text, "cancelNotice", problems);
        if (notice is { } n && (n < Duration.Zero || n > LongestCancelNotice))
        {
            problems.Add("cancelNotice", "Expected a duration from PT0S to P30D, such as PT24H.");
            return null;
        }

        return notice;
    }

    /// <summary>`start` and `end` (under `prefix`), the window ending after it starts within one day.</summary>
    public static SendingWindow? ReadWindow(SendingWindowInput? window, string prefix, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var start = Wire.LocalTime(window?.Start, $"{prefix}start", problems);
        var end = Wire.LocalTime(window?.End, $"{prefix}end", problems);
        if (start is null || end is null)
        {
            return null;
        }

        if (start >= end)
        {
            problems.Add($"{prefix}end", "The window must end after it starts, within one day.");
            return null;
        }

        return new SendingWindow(start.Value, end.Value);
    }

    /// <summary>
    /// A clinic's weekly hours as POST /api/clinics and PUT …/opening-hours take them, each problem named
    /// `openingHours[i].field`.
    /// </summary>
    public static IReadOnlyList<OpeningRange> ReadOpeningHours(
        IReadOnlyList<OpeningHoursInput?>? hours,
        Problems problems
    )
    {
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<OpeningRange>();
        if (hours is null || hours.Count == 0)
        {
            problems.Add("openingHours", "At least one day with opening hours is required.");
            return result;
        }

        for (var i = 0; i < hours.Count; i++)
        {
            var field = $"openingHours[{i}]";
            var entry = hours[i];
            if (!problems.Require(field, entry))
            {
                continue;
            }

            IsoDayOfWeek? day =
                Enum.TryParse<IsoDayOfWeek>(entry!.Day?.Trim(), ignoreCase: true, out var parsed)
                && parsed != IsoDayOfWeek.None
                    ? parsed
                    : null;
            if (day is null)
            {
                problems.Add($"{field}.day", "Expected a day of the week such as Monday.");
            }

            var open = Wire.LocalTime(entry.Open, $"{field}.open", problems);
            var close = Wire.LocalTime(entry.Close, $"{field}.close", problems);
            if (open is not null && close is not null && open >= close)
            {
                problems.Add($"{field}.close", "Closing time must be after opening time.");
            }
            else if (open is null || close is null || day is null)
            {
                continue;
            }
            else if (result.Any(h => h.Day == day && h.Open < close && open < h.Close))
            {
                problems.Add(field, "Overlaps other opening hours of the same day.");
            }
            else
            {
                result.Add(new OpeningRange(day.Value, open.Value, close.Value));
            }
        }

        return result;
    }

    /// <summary>One on-call contact as clinic creation and the on-call settings take it; the phone in E.164.</summary>
    public static OnCallDetails? ReadOnCall(OnCallInput? contact, string field, string region, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(problems);
        var prefix = field.Length == 0 ? "" : field + ".";
        if (!problems.Require(field.Length == 0 ? "body" : field, contact))
        {
            return null;
        }

        var name = ContactDetails.Text(contact!.Name, $"{prefix}name", 200, problems);
        var email = ContactDetails.Email(contact.Email, $"{prefix}email", problems);
        var phone = ContactDetails.SmsPhone(contact.Phone, $"{prefix}phone", region, problems);
        return name is not null && email is not null && phone is not null
            ? new OnCallDetails(name, email, phone)
            : null;
    }

    /// <summary>Every contact of `onCall`, each problem named `onCall[i].field`; null when any was refused.</summary>
    private static List<OnCallDetails>? ReadOnCallList(
        IReadOnlyList<OnCallInput?>? contacts,
        string region,
        Problems problems
    )
    {
        var read = new List<OnCallDetails>();
        var refused = false;
        for (var i = 0; i < (contacts?.Count ?? 0); i++)
        {
            if (ReadOnCall(contacts![i], $"onCall[{i}]", region, problems) is { } contact)
            {
                read.Add(contact);
            }
            else
            {
                refused = true;
            }
        }

        return refused ? null : read;
    }

    private static List<LocalDate> ReadClosedDates(IReadOnlyList<string?>? dates, Problems problems)
    {
        var read = new List<LocalDate>();
        for (var i = 0; i < (dates?.Count ?? 0); i++)
        {
            if (Wire.LocalDate(dates![i], $"closedDates[{i}]", problems) is { } date && !read.Contains(date))
            {
                read.Add(date);
            }
        }

        return read;
    }
}
