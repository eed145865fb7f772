using NodaTime;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Tests.Waitlist;

/// <summary>What "fits" means before the planner is asked (docs/waitlist.md, "What fits"), as a table.</summary>
public sealed class WaitlistMatchTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Guid Clinic = Guid.NewGuid();
    private static readonly Duration Chair = Duration.FromMinutes(120);

    [Theory]
    [InlineData("2026-12-07T09:00", 120, true)] // first day, inside the hours
    [InlineData("2026-12-11T09:00", 120, true)] // last day: both dates are inclusive
    [InlineData("2026-12-06T09:00", 120, false)] // the day before earliest
    [InlineData("2026-12-12T09:00", 120, false)] // the day after latest
    [InlineData("2026-12-08T08:00", 120, true)] // exactly notBefore
    [InlineData("2026-12-08T07:59", 120, false)] // a minute before notBefore
    [InlineData("2026-12-08T12:00", 120, true)] // exactly notAfter: the hours bound the start
    [InlineData("2026-12-08T12:01", 120, false)] // a minute after notAfter
    [InlineData("2026-12-08T09:00", 119, false)] // the freed time is shorter than the template's session
    [InlineData("2026-12-08T09:00", 180, true)] // longer freed time is fine
    public void AnEntry_FitsFreedTime_ByItsDatesHoursAndTheSessionLength(string start, int minutes, bool fits)
    {
        var entry = Entry(new LocalTime(8, 0), new LocalTime(12, 0));
        var opening = Opening(start, minutes);

        Assert.Equal(fits, WaitlistMatch.Fits(entry, opening, Chair, NewYork));
    }

    [Fact]
    public void WithoutHours_AnyTimeOfTheDatesFits()
    {
        Assert.True(WaitlistMatch.Fits(Entry(null, null), Opening("2026-12-09T17:30", 120), Chair, NewYork));
    }

    [Fact]
    public void ChairTimeAtAnotherClinic_NeverFits()
    {
        var elsewhere = new ChairOpening
        {
            Id = Guid.NewGuid(),
            ClinicId = Guid.NewGuid(),
            ChairId = Guid.NewGuid(),
            Start = Opening("2026-12-08T09:00", 120).Start,
            End = Opening("2026-12-08T09:00", 120).End,
        };

        Assert.False(WaitlistMatch.Fits(Entry(null, null), elsewhere, Chair, NewYork));
    }

    [Fact]
    public void TheDateAndHours_AreTheClinicsLocalOnes()
    {
        // 04:30 UTC on 8 December is 23:30 on 7 December in New York: a date inside, an hour outside.
        var late = new ChairOpening
        {
            Id = Guid.NewGuid(),
            ClinicId = Clinic,
            ChairId = Guid.NewGuid(),
            Start = Instant.FromUtc(2026, 12, 8, 4, 30),
            End = Instant.FromUtc(2026, 12, 8, 6, 30),
        };

        Assert.False(WaitlistMatch.Fits(Entry(new LocalTime(8, 0), new LocalTime(12, 0)), late, Chair, NewYork));
        Assert.True(WaitlistMatch.Fits(Entry(null, null), late, Chair, NewYork));
    }

    private static WaitlistEntry Entry(LocalTime? notBefore, LocalTime? notAfter) =>
        new()
        {
            ClinicId = Clinic,
            PatientId = Guid.NewGuid(),
            TemplateCode = "ketamine-booster",
            Earliest = new LocalDate(2026, 12, 7),
            Latest = new LocalDate(2026, 12, 11),
            NotBefore = notBefore,
            NotAfter = notAfter,
        };

    private static ChairOpening Opening(string localStart, int minutes)
    {
        var start = NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(localStart + ":00").Value;
        var instant = start.InZoneStrictly(NewYork).ToInstant();
        return new ChairOpening
        {
            Id = Guid.NewGuid(),
            ClinicId = Clinic,
            ChairId = Guid.NewGuid(),
            Start = instant,
            End = instant + Duration.FromMinutes(minutes),
        };
    }
}
