using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>Turns a ClinicInput into a Clinic, or says what is wrong with each field.</summary>
internal static class ClinicValidation
{
    private const int MaxChairs = 200;

    public const string MessageNameField = "messageName";
    public const string OnCallField = "onCall";

    /// <summary>
    /// The clinic as the input describes it, with the name its messages would use (null when that name is
    /// itself invalid, so that it is not checked for discretion as well); the clinic is null without a body.
    /// </summary>
    public static (Clinic? Clinic, string? NameInMessages) ToClinic(
        ClinicInput? input,
        IDateTimeZoneProvider zones,
        Instant now,
        Problems problems
    )
    {
        if (input is null)
        {
            problems.Add("body", "A clinic is required.");
            return (null, null);
        }

        var (name, messageName, shown) = ReadNames(input, problems);
        var zone = Wire.Zone(input.TimeZone, "timeZone", zones, problems);
        var phone = ContactDetails.Phone(input.Phone, "phone", "US", problems);
        if (problems.Require("chairs", input.Chairs) && input.Chairs is < 1 or > MaxChairs)
        {
            problems.Add("chairs", $"Expected a whole number from 1 to {MaxChairs}.");
        }

        var clinic = new Clinic
        {
            Name = name ?? "",
            MessageName = messageName,
            TimeZoneId = zone?.Id ?? "",
            Phone = phone ?? "",
            CreatedAt = now,
        };
        clinic.OpeningHours.AddRange(ReadOpeningHours(clinic.Id, input.OpeningHours, problems));
        AddClosedDates(clinic, input.ClosedDates, problems);
        SetSendingWindow(clinic, input.SendingWindow, problems);
        AddOnCall(clinic, input.OnCall, phone is null ? "US" : ContactDetails.RegionOf(phone), problems);
        for (var number = 1; number <= Math.Clamp(input.Chairs ?? 0, 0, MaxChairs); number++)
        {
            clinic.Chairs.Add(
                new Chair
                {
                    ClinicId = clinic.Id,
                    Number = number,
                    Name = $"Chair {number}",
                }
            );
        }

        return (clinic, shown);
    }

    /// <summary>`name` as required, `messageName` when given (blank is none), and which one messages use.</summary>
    public static (string? Name, string? MessageName, string? Shown) ReadNames(ClinicInput input, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = ContactDetails.Text(input.Name, "name", 200, problems);
        if (string.IsNullOrWhiteSpace(input.MessageName))
        {
            return (name, null, name);
        }

        var messageName = ContactDetails.Text(input.MessageName, MessageNameField, 200, problems);
        return (name, messageName, messageName);
    }

    /// <summary>
    /// A safety alert is paged by SMS first (docs/domain.md, "The item-9 safety event"), so a clinic keeps at
    /// least one on-call contact with a phone. Checked only when the contacts given were read without a problem.
    /// </summary>
    public static void RequireOnCallPhone(IEnumerable<OnCallContact> active, Problems problems, bool contactsRead)
    {
        if (contactsRead && !active.Any(c => c.RemovedAt is null && !string.IsNullOrWhiteSpace(c.Phone)))
        {
            problems.Add(
                OnCallField,
                "At least one on-call contact with a mobile phone is required: safety alerts are paged by SMS."
            );
        }
    }

    /// <summary>
    /// A clinic's weekly hours as POST /api/clinics and PUT …/opening-hours take them, each problem named
    /// `openingHours[i].field`.
    /// </summary>
    public static IReadOnlyList<OpeningHours> ReadOpeningHours(
        Guid clinicId,
        IReadOnlyList<OpeningHoursInput?>? hours,
        Problems problems
    )
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
                result.Add(
                    new OpeningHours
                    {
                        ClinicId = clinicId,
                        Day = day.Value,
                        Open = open.Value,
                        Close = close.Value,
                    }
                );
            }
        }

        return result;
    }

    /// <summary>One on-call contact as clinic creation and the on-call settings take it; the phone in E.164.</summary>
    public static OnCallContact? ReadOnCall(
        Guid clinicId,
        OnCallInput? contact,
        string field,
        string region,
        Problems problems
    )
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        if (!problems.Require(field.Length == 0 ? "body" : field, contact))
        {
            return null;
        }

        var name = ContactDetails.Text(contact!.Name, $"{prefix}name", 200, problems);
        var email = ContactDetails.Email(contact.Email, $"{prefix}email", problems);
        var phone = ContactDetails.SmsPhone(contact.Phone, $"{prefix}phone", region, problems);
        return name is not null && email is not null && phone is not null
            ? new OnCallContact
            {
                ClinicId = clinicId,
                Name = name,
                Email = email,
                Phone = phone,
            }
            : null;
    }

    private static void AddClosedDates(Clinic clinic, IReadOnlyList<string?>? dates, Problems problems)
    {
        for (var i = 0; i < (dates?.Count ?? 0); i++)
        {
            if (
                Wire.LocalDate(dates![i], $"closedDates[{i}]", problems) is { } date
                && clinic.ClosedDates.All(d => d.Date != date)
            )
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

    private static void AddOnCall(
        Clinic clinic,
        IReadOnlyList<OnCallInput?>? contacts,
        string region,
        Problems problems
    )
    {
        var read = ReadOnCallList(clinic.Id, contacts, region, problems);
        clinic.OnCall.AddRange(read ?? []);
        RequireOnCallPhone(clinic.OnCall, problems, contactsRead: read is not null);
    }

    /// <summary>Every contact of `onCall`, each problem named `onCall[i].field`; null when any was refused.</summary>
    public static IReadOnlyList<OnCallContact>? ReadOnCallList(
        Guid clinicId,
        IReadOnlyList<OnCallInput?>? contacts,
        string region,
        Problems problems
    )
    {
        var read = new List<OnCallContact>();
        var refused = false;
        for (var i = 0; i < (contacts?.Count ?? 0); i++)
        {
            if (ReadOnCall(clinicId, contacts![i], $"onCall[{i}]", region, problems) is { } contact)
            {
                contact.Position = i + 1;
                read.Add(contact);
            }
            else
            {
                refused = true;
            }
        }

        return refused ? null : read;
    }
}
