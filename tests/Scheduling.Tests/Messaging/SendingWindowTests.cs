using NodaTime;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// The sending window as docs/domain.md, "Time", states it: the clinic's hours (08:00 to 20:00 unless
/// configured), read in the patient's own zone, both ends included. One definition serves the planners and
/// the dispatcher.
/// </summary>
public sealed class SendingWindowTests
{
    private static readonly Clinic Clinic = new()
    {
        Name = "Clinic",
        TimeZoneId = "America/New_York",
        Phone = "+15555550100",
    };

    private static SendingWindow WindowIn(string zone) =>
        SendingWindow.Of(
            new Patient
            {
                FirstName = "A",
                LastName = "B",
                Email = "a@example.org",
                Phone = "+15555550101",
                TimeZoneId = zone,
            },
            Clinic,
            DateTimeZoneProviders.Tzdb
        );

    [Fact]
    public void Of_ReadsTheClinicsHours_InThePatientsZone_NotTheClinics()
    {
        var window = WindowIn("America/Los_Angeles");

        Assert.Equal("America/Los_Angeles", window.Zone.Id);
        Assert.Equal(new LocalTime(8, 0), window.Start);
        Assert.Equal(new LocalTime(20, 0), window.End);
    }

    [Theory]
    [InlineData("07:59", false)]
    [InlineData("08:00", true)]
    [InlineData("12:30", true)]
    [InlineData("20:00", true)]
    [InlineData("20:01", false)]
    [InlineData("23:30", false)]
    [InlineData("03:00", false)]
    public void Contains_TheHoursOfThePatientsDay_BothEndsIncluded(string local, bool inside)
    {
        var window = WindowIn("America/Los_Angeles");

        Assert.Equal(inside, window.Contains(At("America/Los_Angeles", 2026, 3, 2, local)));
    }

    [Theory]
    // Local time in the patient's zone -> the earliest instant at or after it that is inside the window.
    [InlineData("2026-03-02 10:00", "2026-03-02 10:00")]
    [InlineData("2026-03-02 06:00", "2026-03-02 08:00")]
    [InlineData("2026-03-02 21:00", "2026-03-03 08:00")]
    [InlineData("2026-03-02 20:00", "2026-03-02 20:00")]
    public void EarliestAtOrAfter_WaitsForTheNextOpening(string local, string expected)
    {
        var window = WindowIn("Europe/Berlin");

        Assert.Equal(At("Europe/Berlin", expected), window.EarliestAtOrAfter(At("Europe/Berlin", local)));
    }

    [Theory]
    // Local time in the patient's zone -> the latest instant at or before it that is inside the window.
    [InlineData("2026-03-02 10:00", "2026-03-02 10:00")]
    [InlineData("2026-03-02 06:00", "2026-03-01 20:00")]
    [InlineData("2026-03-02 21:00", "2026-03-02 20:00")]
    [InlineData("2026-03-02 08:00", "2026-03-02 08:00")]
    public void LatestAtOrBefore_MovesEarlierIntoTheWindow(string local, string expected)
    {
        var window = WindowIn("Europe/Berlin");

        Assert.Equal(At("Europe/Berlin", expected), window.LatestAtOrBefore(At("Europe/Berlin", local)));
    }

    [Fact]
    public void Of_AnUnknownZone_Throws()
    {
        Assert.ThrowsAny<NodaTime.TimeZones.DateTimeZoneNotFoundException>(() => WindowIn("Mars/Olympus_Mons"));
    }

    private static Instant At(string zone, int year, int month, int day, string time)
    {
        var parts = time.Split(':');
        return new LocalDateTime(
            year,
            month,
            day,
            int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)
        )
            .InZoneStrictly(DateTimeZoneProviders.Tzdb[zone])
            .ToInstant();
    }

    private static Instant At(string zone, string local)
    {
        var date = local[..10].Split('-');
        return At(
            zone,
            int.Parse(date[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(date[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(date[2], System.Globalization.CultureInfo.InvariantCulture),
            local[11..]
        );
    }
}
