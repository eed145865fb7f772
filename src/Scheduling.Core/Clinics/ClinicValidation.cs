using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>Turns a ClinicInput into a Clinic, or says what is wrong with each field.</summary>
internal static class ClinicValidation
{
    private const int MaxChairs = 200;

    public static Clinic? ToClinic(ClinicInput? input, IDateTimeZoneProvider zones, Instant now, Problems problems)
    {
        if (input is null)
        {
            problems.Add("body", "A clinic is required.");
            return null;
        }

        var name = ContactDetails.Text(input.Name, "name", 200, problems);
        var zone = Wire.Zone(input.TimeZone, "timeZone", zones, problems);
        var phone = ContactDetails.Phone(input.Phone, "phone", "US", problems);
        if (problems.Require("chairs", input.Chairs) && input.Chairs is < 1 or > MaxChairs)
        {
            problems.Add("chairs", $"Expected a whole number from 1 to {MaxChairs}.");
        }

        var clinic = new Clinic { Name = name ?? "", TimeZoneId = zone?.Id ?? "", Phone = phone ?? "", CreatedAt = now };
        clinic.OpeningHours.AddRange(ReadOpeningHours(clinic.Id, input.OpeningHours, problems));
        AddClosedDates(clinic, input.ClosedDates, problems);
        SetSendingWindow(clinic, input.SendingWindow, problems);
        AddOnCall(clinic, input.OnCall, phone is null ? "US" : ContactDetails.RegionOf(phone), problems);
        for (var number = 1; number <= Math.Clamp(input.Chairs ?? 0, 0, MaxChairs); number++)
        {
            clinic.Chairs.Add(new Chair { ClinicId = clinic.Id, Number = number, Name = $"Chair {number}" });
        }

        return problems.Any ? null : clinic;
    }

    /// <summary>A clinic's weekly hours as POST /api/clinics and PUT …/opening-hours take them, each problem named `openingHours[i].field`.</summary>
    public static IReadOnlyList<OpeningHours> ReadOpeningHours(Guid clinicId, IReadOnlyList<OpeningHoursInput?>? hours, Problems problems)
    {
        var result = new List<OpeningHours>();
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

            IsoDayOfWeek? day = Enum.TryParse<IsoDayOfWeek>(entry!.Day?.Trim(), ignoreCase: true, out var parsed) && parsed != IsoDayOfWeek.None ? parsed : null;
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
                result.Add(new OpeningHours { ClinicId = clinicId, Day = day.Value, Open = open.Value, Close = close.Value });
            }
        }

        return result;
    }

    /// <summary>One on-call contact as clinic creation and the on-call settings take it; the phone in E.164.</summary>
    public static OnCallContact? ReadOnCall(Guid clinicId, OnCallInput? contact, string field, string region, Problems problems)
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        if (!problems.Require(field.Length == 0 ? "body" : field, contact))
        {
            return null;
        }

        var name = ContactDetails.Text(contact!.Name, $"{prefix}name", 200, problems);
        var email = ContactDetails.Email(contact.Email, $"{prefix}email", problems);
        var phone = ContactDetails.Phone(contact.Phone, $"{prefix}phone", region, problems);
        return name is not null && email is not null && phone is not null
            ? new OnCallContact { ClinicId = clinicId, Name = name, Email = email, Phone = phone }
            : null;
    }

    private static void AddClosedDates(Clinic clinic, IReadOnlyList<string?>? dates, Problems problems)
    {
        for (var i = 0; i < (dates?.Count ?? 0); i++)
        {
            if (Wire.LocalDate(dates![i], $"closedDates[{i}]", problems) is { } date && clinic.ClosedDates.All(d => d.Date != date))
            {
                clinic.ClosedDates.Add(new ClosedDate { ClinicId = clinic.Id, Date = date });
            }
        }
    }

    private static void SetSendingWindow(Clinic clinic, SendingWindowInput? window, Problems problems)
    {
        if (window is null)
        {
            return;
        }

        var start = Wire.LocalTime(window.Start, "sendingWindow.start", problems);
        var end = Wire.LocalTime(window.End, "sendingWindow.end", problems);
        if (start is not null && end is not null)
        {
            if (start >= end)
            {
                problems.Add("sendingWindow.end", "The window must end after it starts, within one day.");
            }

            clinic.SendingWindowStart = start.Value;
            clinic.SendingWindowEnd = end.Value;
        }
    }

    private static void AddOnCall(Clinic clinic, IReadOnlyList<OnCallInput?>? contacts, string region, Problems problems)
    {
        for (var i = 0; i < (contacts?.Count ?? 0); i++)
        {
            if (ReadOnCall(clinic.Id, contacts![i], $"onCall[{i}]", region, problems) is { } contact)
            {
                clinic.OnCall.Add(contact);
            }
        }
    }
}
