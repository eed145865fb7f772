using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Booking;

/// <summary>
/// The times the patient's page offers for a move (docs/patient-self-service.md): inside the spacing with the
/// neighbours, in opening hours, with a free chair, after the notice; a short list, spread over the days.
/// </summary>
public class SelfServiceTimesTests
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Guid Chair = Guid.NewGuid();

    /// <summary>Weekdays 08:00 to 18:00, one chair; Friday 2026-12-11 closed.</summary>
    private static readonly ClinicCalendar Calendar = new(
        Zone,
        new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday }
            .Concat([IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday])
            .Select(day => new OpeningRange(day, new LocalTime(8, 0), new LocalTime(18, 0)))
            .ToList(),
        new HashSet<LocalDate> { new(2026, 12, 11) },
        [Chair]
    );

    private static readonly ProtocolTemplate Induction = new()
    {
        Code = "segment",
        Name = "segment",
        SessionCount = 3,
        SessionDuration = Duration.FromHours(2),
        MinDaysBetween = 1,
        MaxDaysBetween = 4,
    };

    /// <summary>Session 2 on Wednesday 2026-12-09 at 09:00, between Monday the 7th and Saturday the 12th.</summary>
    private static MoveFrame Frame(IReadOnlyList<ChairBooking>? chairs = null, Instant? now = null)
    {
        var start = new LocalDateTime(2026, 12, 9, 9, 0);
        var at = start.InZoneStrictly(Zone).ToInstant();
        var session = new Appointment(new SessionPlace(Chair, start, at, at + Duration.FromHours(2)), null)
        {
            TimeZoneId = Zone.Id,
            Number = 2,
        };
        return new MoveFrame(
            session,
            Calendar,
            Induction,
            new LocalDateTime(2026, 12, 7, 9, 0),
            new LocalDateTime(2026, 12, 12, 9, 0),
            new LocalDate(2026, 12, 8),
            new LocalDate(2026, 12, 11),
            now ?? Instant.FromUtc(2026, 12, 7, 12, 0),
            (now ?? Instant.FromUtc(2026, 12, 7, 12, 0)) + Duration.FromHours(24),
            chairs ?? [],
            []
        );
    }

    [Fact]
    public void Offers_AreAShortListInHoursAndSpacing_AtMostTwoADayThreeHoursApart_NeverTheCurrentTime()
    {
        var offers = SelfServiceTimes.Offers(Frame());

        Assert.InRange(offers.Count, 1, SelfServiceTimes.MaxOffers);
        Assert.Equal(offers.Order().ToList(), offers);
        Assert.DoesNotContain(new LocalDateTime(2026, 12, 9, 9, 0), offers);
        Assert.All(offers, o =>
        {
            Assert.InRange(o.Date, new LocalDate(2026, 12, 8), new LocalDate(2026, 12, 10));
            Assert.InRange(o.TimeOfDay, new LocalTime(8, 0), new LocalTime(16, 0));
        });
        Assert.All(offers.GroupBy(o => o.Date), day => Assert.InRange(day.Count(), 1, SelfServiceTimes.PerDay));
        Assert.All(offers.GroupBy(o => o.Date).Where(d => d.Count() == 2), day =>
            Assert.True(Period.Between(day.First(), day.Last()).Hours >= 3)
        );
        Assert.DoesNotContain(offers, o => o.Date == new LocalDate(2026, 12, 11));
    }

    [Fact]
    public void Offers_LeaveOutTimesWithinTheNotice_AndTimesTheChairIsTaken()
    {
        var now = new LocalDateTime(2026, 12, 7, 12, 0).InZoneStrictly(Zone).ToInstant();
        var taken = new LocalDateTime(2026, 12, 8, 12, 0).InZoneStrictly(Zone).ToInstant();

        var offers = SelfServiceTimes.Offers(
            Frame([new ChairBooking(Chair, taken, taken + Duration.FromHours(6))], now)
        );

        Assert.All(offers, o => Assert.True(o.InZoneStrictly(Zone).ToInstant() >= now + Duration.FromHours(24)));
        Assert.DoesNotContain(offers, o => o.Date == new LocalDate(2026, 12, 8) && o.Hour >= 10 && o.Hour < 18);
        Assert.Contains(offers, o => o.Date == new LocalDate(2026, 12, 9));
    }

    [Theory]
    [InlineData("2026-12-11T10:00")] // closed that day
    [InlineData("2026-12-13T10:00")] // breaks the spacing with the next session and is a Sunday
    [InlineData("2026-12-08T17:00")] // runs past closing
    [InlineData("2026-12-09T09:00")] // where it is already
    public void Check_RefusesATimeOutsideTheRules(string start)
    {
        var time = NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(start + ":00").Value;

        Assert.Null(SelfServiceTimes.Check(Frame(), time));
    }

    [Fact]
    public void Check_PlacesAnAllowedTime_InAFreeChair()
    {
        var placed = SelfServiceTimes.Check(Frame(), new LocalDateTime(2026, 12, 10, 14, 0));

        Assert.NotNull(placed);
        Assert.Equal(Chair, placed.ChairId);
        Assert.Equal(new LocalDateTime(2026, 12, 10, 14, 0), placed.Start);
    }
}
