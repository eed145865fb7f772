using NodaTime;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Demo;

/// <summary>
/// The demo clinic: four chairs, open every day from 07:00 to 19:00, two on-call contacts. Its time zone is picked
/// when it is seeded so that the moment of seeding falls in the clinic's late morning or early afternoon: New York
/// when it is such a time there, otherwise the first of a round-the-world list where it is. So the first look at any
/// hour shows a day with sessions done, in progress and to come (README, "Decisions").
/// </summary>
public static class DemoClinic
{
    public const string Name = "Demo Infusion Clinic";

    private static readonly LocalTime Open = new(7, 0);
    private static readonly LocalTime Close = new(19, 0);

    /// <summary>The hours of the present (from, to) in which the demo's day fits the opening hours.</summary>
    private static readonly (LocalTime From, LocalTime To) Midday = (new(10, 0), new(14, 0));

    private static readonly string[] Zones =
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "Pacific/Auckland",
        "Australia/Sydney",
        "Asia/Tokyo",
        "Asia/Singapore",
        "Asia/Kolkata",
        "Asia/Dubai",
        "Europe/Berlin",
        "Europe/London",
        "Atlantic/Azores",
        "America/Sao_Paulo",
    ];

    public static DateTimeZone ZoneFor(Instant now, IDateTimeZoneProvider zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        foreach (var id in Zones)
        {
            var time = now.InZone(zones[id]).TimeOfDay;
            if (time >= Midday.From && time < Midday.To)
            {
                return zones[id];
            }
        }

        throw new InvalidOperationException("No zone of the demo's list is at midday now; add one to DemoClinic.");
    }

    public static Clinic Create(DateTimeZone zone, Instant createdAt)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var clinic = new Clinic
        {
            Name = Name,
            TimeZoneId = zone.Id,
            Phone = "+12025550100",
            CreatedAt = createdAt,
        };
        for (var number = 1; number <= 4; number++)
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

        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            clinic.OpeningHours.Add(
                new OpeningHours
                {
                    ClinicId = clinic.Id,
                    Day = day,
                    Open = Open,
                    Close = Close,
                }
            );
        }

        (string Name, string Email, string Phone)[] onCall =
        [
            ("On-call clinician", "oncall@demo.local", "+12025550199"),
            ("On-call nurse", "nurse@demo.local", "+12025550198"),
        ];
        for (var i = 0; i < onCall.Length; i++)
        {
            clinic.OnCall.Add(
                new OnCallContact
                {
                    ClinicId = clinic.Id,
                    Name = onCall[i].Name,
                    Email = onCall[i].Email,
                    Phone = onCall[i].Phone,
                    Position = i + 1,
                }
            );
        }

        return clinic;
    }
}
