using NodaTime;
using Scheduling.Domain.Booking;

namespace Scheduling.Tests.Booking;

/// <summary>
/// The life of a session, from docs/domain.md ("The life of a session"): a booked session may be moved,
/// cancelled, marked arrived or marked a no-show; an arrived one is completed or marked a no-show; completed,
/// no-show and cancelled are final. Every step from every status, written out here from that rule.
/// </summary>
public sealed class AppointmentTransitionTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 15, 0);
    private static readonly Guid Chair = Guid.NewGuid();

    private static readonly SessionPlace Place = new(
        Chair,
        new LocalDateTime(2026, 12, 8, 10, 0),
        Instant.FromUtc(2026, 12, 8, 15, 0),
        Instant.FromUtc(2026, 12, 8, 17, 0)
    );

    /// <summary>Step, from, allowed: the whole table, 5 steps by 5 statuses.</summary>
    public static TheoryData<AppointmentStep, AppointmentStatus, bool> Table() =>
        new()
        {
            { AppointmentStep.Arrive, AppointmentStatus.Booked, true },
            { AppointmentStep.Arrive, AppointmentStatus.Arrived, false },
            { AppointmentStep.Arrive, AppointmentStatus.Completed, false },
            { AppointmentStep.Arrive, AppointmentStatus.NoShow, false },
            { AppointmentStep.Arrive, AppointmentStatus.Cancelled, false },
            { AppointmentStep.Complete, AppointmentStatus.Booked, false },
            { AppointmentStep.Complete, AppointmentStatus.Arrived, true },
            { AppointmentStep.Complete, AppointmentStatus.Completed, false },
            { AppointmentStep.Complete, AppointmentStatus.NoShow, false },
            { AppointmentStep.Complete, AppointmentStatus.Cancelled, false },
            { AppointmentStep.MarkNoShow, AppointmentStatus.Booked, true },
            { AppointmentStep.MarkNoShow, AppointmentStatus.Arrived, true },
            { AppointmentStep.MarkNoShow, AppointmentStatus.Completed, false },
            { AppointmentStep.MarkNoShow, AppointmentStatus.NoShow, false },
            { AppointmentStep.MarkNoShow, AppointmentStatus.Cancelled, false },
            { AppointmentStep.Cancel, AppointmentStatus.Booked, true },
            { AppointmentStep.Cancel, AppointmentStatus.Arrived, false },
            { AppointmentStep.Cancel, AppointmentStatus.Completed, false },
            { AppointmentStep.Cancel, AppointmentStatus.NoShow, false },
            { AppointmentStep.Cancel, AppointmentStatus.Cancelled, false },
            { AppointmentStep.Move, AppointmentStatus.Booked, true },
            { AppointmentStep.Move, AppointmentStatus.Arrived, false },
            { AppointmentStep.Move, AppointmentStatus.Completed, false },
            { AppointmentStep.Move, AppointmentStatus.NoShow, false },
            { AppointmentStep.Move, AppointmentStatus.Cancelled, false },
        };

    [Theory]
    [MemberData(nameof(Table))]
    public void Step_IsTakenOrRefused_AsTheRuleSays(AppointmentStep step, AppointmentStatus from, bool allowed)
    {
        var appointment = In(from);
        var revision = appointment.Revision;

        var refusal = Take(appointment, step);

        if (allowed)
        {
            Assert.Null(refusal);
            Assert.Equal(Expected(step), appointment.Status);
        }
        else
        {
            Assert.Equal(new AppointmentRefusal(step, from), refusal);
            Assert.Equal(from, appointment.Status);
            Assert.Equal(revision, appointment.Revision);
        }
    }

    [Fact]
    public void TheDeclaredSteps_AreTheTable()
    {
        var declared = AppointmentLifecycle
            .All.SelectMany(t => t.From.Select(from => (t.Step, from)))
            .OrderBy(x => x.Step)
            .ThenBy(x => x.from)
            .ToList();
        var allowed = Table()
            .Select(row => ((AppointmentStep)row[0], (AppointmentStatus)row[1], (bool)row[2]))
            .Where(row => row.Item3)
            .Select(row => (row.Item1, row.Item2))
            .OrderBy(x => x.Item1)
            .ThenBy(x => x.Item2)
            .ToList();

        Assert.Equal(allowed, declared);
        Assert.All(
            new[] { AppointmentStatus.Completed, AppointmentStatus.NoShow, AppointmentStatus.Cancelled },
            final =>
                Assert.DoesNotContain(Enum.GetValues<AppointmentStatus>(), to =>
                    to != final && AppointmentLifecycle.Allows(final, to)
                )
        );
    }

    [Fact]
    public void ANewSession_IsBooked_WhereThePlannerPutIt_WithItsRemsFormDueAfterTheTemplatesDays()
    {
        var appointment = New(remsDays: 7);

        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal((Chair, Place.Start, Place.StartInstant, Place.EndInstant), Where(appointment));
        Assert.Equal(new LocalDate(2026, 12, 15), appointment.RemsFormDue);
        Assert.Null(New(remsDays: null).RemsFormDue);
        Assert.Equal(0, appointment.Revision);
    }

    [Fact]
    public void Cancel_KeepsTheReasonAndTheTime_AndRaisesTheRevision()
    {
        var appointment = New();

        Assert.Null(appointment.Cancel("Patient unwell", At));

        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal("Patient unwell", appointment.CancelReason);
        Assert.Equal(At, appointment.StatusChangedAt);
        Assert.Equal(1, appointment.Revision);
    }

    [Fact]
    public void Cancel_WithoutAReason_IsAMistakeOfTheCaller()
    {
        Assert.ThrowsAny<ArgumentException>(() => New().Cancel(" ", At));
    }

    [Fact]
    public void MoveTo_TakesTheNewPlace_RaisesTheRevision_AndAsksTheConfirmationsAgain()
    {
        var appointment = New(remsDays: 7);
        appointment.RecordRide(true, At);
        appointment.ConfirmByPatient(At);
        var later = new SessionPlace(
            Guid.NewGuid(),
            new LocalDateTime(2026, 12, 10, 11, 0),
            Instant.FromUtc(2026, 12, 10, 16, 0),
            Instant.FromUtc(2026, 12, 10, 18, 0)
        );

        Assert.Null(appointment.MoveTo(later, 7));

        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal((later.ChairId, later.Start, later.StartInstant, later.EndInstant), Where(appointment));
        Assert.Equal(new LocalDate(2026, 12, 17), appointment.RemsFormDue);
        Assert.Equal(1, appointment.Revision);
        Assert.Null(appointment.RideConfirmed);
        Assert.Null(appointment.RideConfirmedAt);
        Assert.Null(appointment.PatientConfirmedAt);
    }

    [Fact]
    public void SwitchChair_ChangesOnlyTheChair_OfABookedSession()
    {
        var appointment = New();
        var other = Guid.NewGuid();

        Assert.Null(appointment.SwitchChair(other));
        Assert.Equal((other, Place.Start, Place.StartInstant, Place.EndInstant), Where(appointment));
        Assert.Equal(0, appointment.Revision);

        appointment.Arrive(At);
        Assert.Equal(
            new AppointmentRefusal(AppointmentStep.Move, AppointmentStatus.Arrived),
            appointment.SwitchChair(Chair)
        );
        Assert.Equal(other, appointment.ChairId);
    }

    [Fact]
    public void TheDayBeforeAnswer_ConfirmsTheRideAndTheFastingTogether()
    {
        var appointment = New();

        appointment.AnswerDayBeforeCheck(false, At);

        Assert.Equal(
            (false, false, At),
            (appointment.RideConfirmed, appointment.FastingConfirmed, appointment.RideConfirmedAt)
        );
    }

    private static AppointmentRefusal? Take(Appointment appointment, AppointmentStep step) =>
        step switch
        {
            AppointmentStep.Arrive => appointment.Arrive(At),
            AppointmentStep.Complete => appointment.Complete(At),
            AppointmentStep.MarkNoShow => appointment.MarkNoShow(At),
            AppointmentStep.Cancel => appointment.Cancel("Clinic closed", At),
            _ => appointment.MoveTo(Place with { StartInstant = Place.StartInstant + Duration.FromDays(1) }, null),
        };

    private static AppointmentStatus Expected(AppointmentStep step) =>
        step switch
        {
            AppointmentStep.Arrive => AppointmentStatus.Arrived,
            AppointmentStep.Complete => AppointmentStatus.Completed,
            AppointmentStep.MarkNoShow => AppointmentStatus.NoShow,
            AppointmentStep.Cancel => AppointmentStatus.Cancelled,
            _ => AppointmentStatus.Booked,
        };

    /// <summary>A session brought to <paramref name="status"/> by the steps a clinic would take.</summary>
    internal static Appointment In(AppointmentStatus status)
    {
        var appointment = New();
        _ = status switch
        {
            AppointmentStatus.Arrived => appointment.Arrive(At),
            AppointmentStatus.Completed => appointment.Arrive(At) ?? appointment.Complete(At),
            AppointmentStatus.NoShow => appointment.MarkNoShow(At),
            AppointmentStatus.Cancelled => appointment.Cancel("Clinic closed", At),
            _ => null,
        };
        Assert.Equal(status, appointment.Status);
        return appointment;
    }

    internal static Appointment New(int? remsDays = null, Guid? seriesId = null, int number = 1) =>
        new(Place, remsDays)
        {
            SeriesId = seriesId,
            PatientId = Guid.NewGuid(),
            ClinicId = Guid.NewGuid(),
            Number = number,
            TimeZoneId = "America/New_York",
            CreatedAt = At,
        };

    private static (Guid, LocalDateTime, Instant, Instant) Where(Appointment a) =>
        (a.ChairId, a.LocalStart, a.StartInstant, a.EndInstant);
}
