using NodaTime;
using Scheduling.Domain.Booking;

namespace Scheduling.Tests.Booking;

/// <summary>
/// A series, from docs/domain.md ("The life of a session"): an active series may be cancelled, which cancels every
/// session still to come and leaves those already held; the rest of it may be moved from a booked session while it
/// is not cancelled; sessions are added only to an active open-ended series with a session standing to continue
/// from. A cancelled series stays cancelled.
/// </summary>
public sealed class SeriesTransitionTests
{
    private static readonly Instant Before = Instant.FromUtc(2026, 12, 1, 12, 0);

    [Fact]
    public void Cancel_CancelsTheSessionsToCome_AndLeavesThoseHeld()
    {
        var series = NewSeries(3);
        var held = series.Appointments[0];
        held.Arrive(Before);
        held.Complete(Before);

        Assert.Null(series.Cancel("Moving away", Before, out var cancelled));

        Assert.Equal(SeriesState.Cancelled, series.State);
        Assert.Equal(("Moving away", Before), (series.CancelReason, series.CancelledAt));
        Assert.Equal(series.Appointments.Skip(1), cancelled);
        Assert.All(cancelled, a => Assert.Equal(AppointmentStatus.Cancelled, a.Status));
        Assert.All(cancelled, a => Assert.Equal("Moving away", a.CancelReason));
        Assert.Equal(AppointmentStatus.Completed, held.Status);
    }

    [Fact]
    public void Cancel_LeavesASessionThatHasAlreadyStarted()
    {
        var series = NewSeries(2);
        var duringFirst = series.Appointments[0].StartInstant + Duration.FromMinutes(10);

        Assert.Null(series.Cancel("Moving away", duringFirst, out var cancelled));

        Assert.Equal([series.Appointments[1]], cancelled);
        Assert.Equal(AppointmentStatus.Booked, series.Appointments[0].Status);
    }

    [Fact]
    public void Cancel_OfACancelledSeries_IsRefused()
    {
        var series = NewSeries(2);
        series.Cancel("Moving away", Before, out _);

        var refusal = series.Cancel("Again", Before, out var cancelled);

        Assert.Equal(new SeriesRefusal(SeriesRefusalReason.AlreadyCancelled, SeriesState.Cancelled), refusal);
        Assert.Empty(cancelled);
        Assert.Equal("Moving away", series.CancelReason);
    }

    [Fact]
    public void MoveTheRest_IsAllowedFromABookedSession_OfASeriesNotCancelled()
    {
        var series = NewSeries(3);
        series.Appointments[0].Arrive(Before);

        Assert.Null(series.MoveRefusal(series.Appointments[1]));
        Assert.Equal(SeriesRefusalReason.SessionNotBooked, series.MoveRefusal(series.Appointments[0])?.Reason);

        series.Cancel("Moving away", Before, out _);
        Assert.Equal(SeriesRefusalReason.Cancelled, series.MoveRefusal(series.Appointments[1])?.Reason);
    }

    [Fact]
    public void AddSessions_ToAnActiveOpenEndedSeries_NumbersThemOn()
    {
        var series = NewSeries(2);
        var added = new[] { AppointmentTransitionTests.New(seriesId: series.Id, number: 3) };

        Assert.Null(series.AddSessions(added, openEnded: true));

        Assert.Equal([1, 2, 3], series.Appointments.Select(a => a.Number));
    }

    [Fact]
    public void AddSessions_IsRefused_ForAFixedTemplate_ACancelledSeries_AndASeriesWithNothingStanding()
    {
        var fixedLength = NewSeries(2);
        Assert.Equal(SeriesRefusalReason.FixedLength, fixedLength.AddSessionsRefusal(openEnded: false)?.Reason);

        var nothing = NewSeries(1);
        nothing.Appointments[0].Cancel("Unwell", Before);
        Assert.Equal(SeriesRefusalReason.NothingToContinue, nothing.AddSessionsRefusal(openEnded: true)?.Reason);

        var cancelled = NewSeries(2);
        cancelled.Cancel("Moving away", Before, out _);
        var added = new[] { AppointmentTransitionTests.New(seriesId: cancelled.Id, number: 3) };
        Assert.Equal(
            new SeriesRefusal(SeriesRefusalReason.NotActive, SeriesState.Cancelled),
            cancelled.AddSessions(added, openEnded: true)
        );
        Assert.Equal(2, cancelled.Appointments.Count);
    }

    [Fact]
    public void Complete_OnlyOnceNoSessionIsBookedOrUnderWay()
    {
        var series = NewSeries(1);
        Assert.Equal(SeriesRefusalReason.SessionsOpen, series.Complete()?.Reason);

        series.Appointments[0].Arrive(Before);
        series.Appointments[0].Complete(Before);
        Assert.Null(series.Complete());
        Assert.Equal(SeriesState.Completed, series.State);
        Assert.Equal(SeriesRefusalReason.NotActive, series.Complete()?.Reason);
    }

    private static Series NewSeries(int sessions)
    {
        var series = new Series { TemplateCode = "esketamine-maintenance" };
        series.Appointments.AddRange(
            Enumerable
                .Range(1, sessions)
                .Select(n => AppointmentTransitionTests.New(seriesId: series.Id, number: n))
                .Select(
                    (a, i) =>
                    {
                        if (i > 0)
                        {
                            var first = a.StartInstant + Duration.FromDays(7 * i);
                            a.MoveTo(
                                new SessionPlace(
                                    a.ChairId,
                                    a.LocalStart.PlusDays(7 * i),
                                    first,
                                    first + Duration.FromHours(2)
                                ),
                                null
                            );
                        }

                        return a;
                    }
                )
        );
        return series;
    }
}
