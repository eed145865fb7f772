using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Tests.Booking;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// A built-in template booked as densely as the planner allows: sessions the template's minimum number of
/// days apart, each at any quarter hour of a clinic open round the clock, in a clinic zone and a patient
/// zone of their own, often across a clock change.
/// </summary>
public sealed record DenseBooking(string TemplateCode, string ClinicZone, string PatientZone, LocalDateTime[] Starts)
{
    public override string ToString() =>
        $"{TemplateCode}; clinic {ClinicZone}; patient {PatientZone}; starts "
        + string.Join(", ", Starts.Select(s => s.ToString("uuuu-MM-dd HH:mm", null)));
}

public static class DenseBookings
{
    private static readonly string[] Zones =
    [
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Pacific/Honolulu",
        "UTC",
    ];

    private static readonly string[] Codes =
    [
        BuiltInTemplates.KetamineIvInduction,
        BuiltInTemplates.KetamineBooster,
        BuiltInTemplates.EsketamineInduction,
        BuiltInTemplates.EsketamineMaintenance,
    ];

    public static Arbitrary<DenseBooking> Dense() =>
        Arb.From(
            from code in Gen.Elements(Codes)
            from clinicZone in Gen.Elements(Zones)
            from patientZone in Gen.Elements(Zones)
            from first in FirstDate(clinicZone)
            let template = Clinics.BuiltIn(code)
            let latest = (24 * 60) - 1 - (int)template.SessionDuration.TotalMinutes
            from quarters in Gen.ArrayOf(Gen.Choose(0, latest / 15), template.SessionCount)
            select new DenseBooking(
                code,
                clinicZone,
                patientZone,
                [.. quarters.Select((q, i) => first.PlusDays(i * template.MinDaysBetween).At(Quarter(q)))]
            )
        );

    private static LocalTime Quarter(int quarter) => LocalTime.Midnight.PlusMinutes(quarter * 15);

    /// <summary>Half the series start within ten days before one of the clinic zone's 2026 clock changes.</summary>
    private static Gen<LocalDate> FirstDate(string zoneId)
    {
        var ordinary = Gen.Elements(new LocalDate(2026, 1, 12), new LocalDate(2026, 6, 15), new LocalDate(2026, 12, 7));
        var changes = Clinics
            .Zone(zoneId)
            .GetZoneIntervals(Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2027, 1, 1, 0, 0))
            .Skip(1)
            .Select(i => i.IsoLocalStart.Date)
            .ToArray();
        return changes.Length == 0
            ? ordinary
            : Gen.Frequency(
                (1, ordinary),
                (1, from change in Gen.Elements(changes) from days in Gen.Choose(-10, 1) select change.PlusDays(days))
            );
    }
}

/// <summary>
/// The default caps fit every built-in template (docs/domain.md, "Time"): booked at its densest, no reminder
/// of a series is held back by them; and they are not looser than that arithmetic needs, while two series at
/// once are held back.
/// </summary>
public sealed class ReminderCapsProperties
{
    private static readonly ReminderCaps Defaults = new DispatchOptions().ReminderSmsCaps;
    private static readonly LocalTime WindowStart = new(8, 0);
    private static readonly LocalTime WindowEnd = new(20, 0);

    [Property(MaxTest = 500, Arbitrary = [typeof(DenseBookings)])]
    public void DefaultCaps_HoldNoReminderOfABuiltInSeries_BookedAtItsDensest(DenseBooking booking)
    {
        var template = Clinics.BuiltIn(booking.TemplateCode);
        var zone = Clinics.Zone(booking.ClinicZone);
        var calendar = Clinics.OpenEveryDay(zone, open: LocalTime.Midnight, close: new(23, 59));
        var first = calendar.Zone.AtLeniently(booking.Starts[0]).ToInstant();
        var now = first - Duration.FromDays(14);
        var request = new SeriesRequest(template, calendar, booking.Starts[0], now) { SessionStarts = booking.Starts };
        var plan = SeriesPlanner.Plan(request);
        if (!plan.CanBook)
        {
            // Only a typed-in time that a clock change skips stops such a booking; it is no booking at all.
            Assert.All(plan.Problems, p => Assert.Equal(PlanProblemCode.TimeDoesNotExist, p.Code));
            return;
        }

        var window = new SendingWindow(Clinics.Zone(booking.PatientZone), WindowStart, WindowEnd);
        var reminders = ReminderSms(template, plan.Sessions.Select(s => s.StartInstant), window, now);

        Assert.Equal(template.SessionCount * 2, reminders.Count);
        Assert.Empty(Defaults.Held(reminders));
    }

    [Fact]
    public void DefaultDayCap_IsTheMostOneSeriesPlansInADay()
    {
        // 10:00, then 08:00 and 00:00 on the next days: both reminders of the second session and the 2-hour
        // one of the first fall at 08:00 and 20:00 of the first day, with the 24-hour one of the third.
        var reminders = IvInduction(
            "2026-12-07T10:00",
            "2026-12-08T08:00",
            "2026-12-09T00:00",
            "2026-12-10T10:00",
            "2026-12-11T10:00",
            "2026-12-12T10:00"
        );

        Assert.Empty(Defaults.Held(reminders));
        Assert.Single(new ReminderCaps(Defaults.PerDay - 1, Defaults.PerWeek).Held(reminders));
    }

    [Fact]
    public void DefaultWeekCap_LeavesEveryReminderOfAnIvInductionOnConsecutiveDays()
    {
        var reminders = IvInduction(
            "2026-12-07T09:00",
            "2026-12-08T09:00",
            "2026-12-09T09:00",
            "2026-12-10T09:00",
            "2026-12-11T09:00",
            "2026-12-12T09:00"
        );

        Assert.Equal(12, reminders.Count);
        Assert.Empty(Defaults.Held(reminders));
        Assert.Single(new ReminderCaps(Defaults.PerDay, 11).Held(reminders));
    }

    [Fact]
    public void DefaultCaps_HoldBackAPileUp_OfTwoSeriesAtOnce()
    {
        var morning = IvInduction(
            "2026-12-07T09:00",
            "2026-12-08T09:00",
            "2026-12-09T09:00",
            "2026-12-10T09:00",
            "2026-12-11T09:00",
            "2026-12-12T09:00"
        );
        var afternoon = IvInduction(
            "2026-12-07T14:00",
            "2026-12-08T14:00",
            "2026-12-09T14:00",
            "2026-12-10T14:00",
            "2026-12-11T14:00",
            "2026-12-12T14:00"
        );

        var held = Defaults.Held([.. morning, .. afternoon]);

        Assert.Equal(24 - Defaults.PerWeek, held.Count);
    }

    private static List<CappedReminder> IvInduction(params string[] starts)
    {
        var zone = Clinics.Zone("America/New_York");
        var window = new SendingWindow(zone, WindowStart, WindowEnd);
        var instants = starts.Select(s => zone.AtStrictly(Local(s)).ToInstant());
        return ReminderSms(Clinics.BuiltIn(BuiltInTemplates.KetamineIvInduction), instants, window, Instant.MinValue);
    }

    private static LocalDateTime Local(string text) =>
        NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(text + ":00").Value;

    private static List<CappedReminder> ReminderSms(
        ProtocolTemplate template,
        IEnumerable<Instant> starts,
        SendingWindow window,
        Instant now
    ) =>
        [
            .. starts
                .SelectMany(start => ReminderSchedule.ForSession(template, start, window, now))
                .Where(m => ReminderCaps.Applies(m.Kind, m.Channel))
                .Select(m => new CappedReminder(Guid.NewGuid(), m.DueAt, m.NotAfter, m.PlanKey, CapStanding.Open)),
        ];
}
