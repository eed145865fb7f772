using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// What follows each kind of session change (docs/domain.md, "The life of a session"), one test per kind, each
/// through the API path the front desk uses: the messages, surveys, invite revision and tasks that follow.
/// </summary>
public sealed class SessionChangesTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static int _phones;

    [Fact]
    public async Task Booking_PlansEachSessionsReminders_AndTheSeriesSurveys_AtRevisionZero()
    {
        var (desk, _, series, sessions) = await BookAsync("Booked");
        using var _ = desk;

        var (db, scope) = Db();
        await using var __ = scope;
        Assert.All(await db.Appointments.Where(a => a.SeriesId == series).ToListAsync(), a =>
            Assert.Equal((AppointmentStatus.Booked, 0), (a.Status, a.Revision))
        );
        var reminders = await db
            .Messages.Where(m => m.AppointmentId != null && sessions.Contains(m.AppointmentId.Value))
            .Where(m => m.Kind == MessageKind.Reminder && m.State == MessageState.Planned)
            .Select(m => m.AppointmentId)
            .Distinct()
            .CountAsync();
        Assert.Equal(sessions.Count, reminders);
        Assert.NotEmpty(
            await db.Surveys.Where(s => s.SeriesId == series && s.State == SurveyState.Planned).ToListAsync()
        );
    }

    [Fact]
    public async Task AMove_RaisesTheRevision_ReplansTheReminders_AndPlansAMoveNoticeAtThatRevision()
    {
        var (desk, _, _, sessions) = await BookAsync("Moved");
        using var _ = desk;
        var first = sessions[0];

        var moved = await desk.PostAsync($"/api/appointments/{first}/reschedule", new { start = "2026-12-07T11:00" });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (db, scope) = Db();
        await using var __ = scope;
        var appointment = await db.Appointments.SingleAsync(a => a.Id == first);
        Assert.Equal((1, new LocalTime(11, 0)), (appointment.Revision, appointment.LocalStart.TimeOfDay));
        var notices = await db
            .Messages.Where(m => m.AppointmentId == first && m.Kind == MessageKind.MoveNotice)
            .ToListAsync();
        Assert.NotEmpty(notices);
        Assert.All(notices, n => Assert.Equal(PlanKey.Moved(1), n.PlanKey));
        Assert.All(
            await db
                .Messages.Where(m =>
                    m.AppointmentId == first && m.Kind == MessageKind.Reminder && m.State == MessageState.Planned
                )
                .ToListAsync(),
            m => Assert.True(m.DueAt < appointment.StartInstant)
        );
    }

    [Fact]
    public async Task MovingTheRest_MovesTheSessionFromThere_AndEachSessionThatMovedGetsItsOwnMoveNotice()
    {
        var (desk, _, series, sessions) = await BookAsync("Rest");
        using var _ = desk;

        var moved = await desk.PostAsync(
            $"/api/series/{series}/move",
            new { fromAppointmentId = sessions[1], start = "2026-12-10T09:00" }
        );

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (db, scope) = Db();
        await using var __ = scope;
        var rows = await db.Appointments.Where(a => a.SeriesId == series).OrderBy(a => a.Number).ToListAsync();
        Assert.Equal((AppointmentStatus.Booked, 0), (rows[0].Status, rows[0].Revision));
        Assert.Equal((new LocalDate(2026, 12, 10), 1), (rows[1].LocalStart.Date, rows[1].Revision));
        Assert.All(rows.Skip(1), a => Assert.Equal(AppointmentStatus.Booked, a.Status));
        var noticed = await db
            .Messages.Where(m => m.Kind == MessageKind.MoveNotice && m.AppointmentId != null)
            .Where(m => sessions.Contains(m.AppointmentId!.Value))
            .Select(m => m.AppointmentId!.Value)
            .Distinct()
            .ToListAsync();
        Assert.Equal(rows.Where(a => a.Revision == 1).Select(a => a.Id).Order(), noticed.Order());
    }

    [Fact]
    public async Task ACancel_HoldsEverythingStillToGo_ClosesTheSurveys_AndPlansTheCancelNotice()
    {
        var (desk, _, _, sessions) = await BookAsync("Cancelled");
        using var _ = desk;
        var first = sessions[0];

        var cancelled = await desk.PostAsync($"/api/appointments/{first}/cancel", new { reason = "Unwell" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var (db, scope) = Db();
        await using var __ = scope;
        var appointment = await db.Appointments.SingleAsync(a => a.Id == first);
        Assert.Equal(
            (AppointmentStatus.Cancelled, 1, "Unwell"),
            (appointment.Status, appointment.Revision, appointment.CancelReason)
        );
        var messages = await db.Messages.Where(m => m.AppointmentId == first).ToListAsync();
        Assert.All(
            messages.Where(m => m.Kind != MessageKind.CancelNotice && m.Kind != MessageKind.BookingConfirmation),
            m => Assert.NotEqual(MessageState.Planned, m.State)
        );
        Assert.Contains(messages, m => m.Kind == MessageKind.CancelNotice && m.PlanKey == PlanKey.Cancelled);
        Assert.All(await db.Surveys.Where(s => s.AppointmentId == first).ToListAsync(), s =>
            Assert.Equal(SurveyState.Suppressed, s.State)
        );
    }

    [Fact]
    public async Task CancellingTheSeries_CancelsEverySessionToCome_EachWithItsNotice()
    {
        var (desk, _, series, sessions) = await BookAsync("Series");
        using var _ = desk;

        var cancelled = await desk.PostAsync($"/api/series/{series}/cancel", new { reason = "Moving away" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var (db, scope) = Db();
        await using var __ = scope;
        Assert.Equal(SeriesState.Cancelled, (await db.Series.SingleAsync(s => s.Id == series)).State);
        Assert.All(await db.Appointments.Where(a => a.SeriesId == series).ToListAsync(), a =>
            Assert.Equal(AppointmentStatus.Cancelled, a.Status)
        );
        var noticed = await db
            .Messages.Where(m => m.Kind == MessageKind.CancelNotice && m.AppointmentId != null)
            .Where(m => sessions.Contains(m.AppointmentId!.Value))
            .Select(m => m.AppointmentId!.Value)
            .Distinct()
            .CountAsync();
        Assert.Equal(sessions.Count, noticed);
        Assert.False(
            await db.Messages.AnyAsync(m =>
                m.AppointmentId != null
                && sessions.Contains(m.AppointmentId.Value)
                && m.Kind == MessageKind.Reminder
                && m.State == MessageState.Planned
            )
        );
    }

    [Fact]
    public async Task ANoShow_HoldsWithoutANotice_OffersARebooking_AndOpensOneCallBack()
    {
        var (desk, _, _, sessions) = await BookAsync("Missed");
        using var _ = desk;
        var first = sessions[0];
        app.Clock.Reset(Instant.FromUtc(2026, 12, 7, 16, 0));

        var marked = await desk.PostAsync($"/api/appointments/{first}/status", new { status = "NoShow" });

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var (db, scope) = Db();
        await using var __ = scope;
        var messages = await db.Messages.Where(m => m.AppointmentId == first).ToListAsync();
        Assert.DoesNotContain(messages, m => m.Kind == MessageKind.CancelNotice);
        Assert.Single(messages, m => m.Kind == MessageKind.NoShowFollowUp && m.PlanKey == PlanKey.NoShow);
        Assert.Single(
            await db
                .WorkItems.Where(w => w.SubjectId == first && w.Kind == WorkItemKind.CallBackRequested)
                .ToListAsync()
        );
        Assert.Equal(0, (await db.Appointments.SingleAsync(a => a.Id == first)).Revision);
    }

    [Fact]
    public async Task AStepTheSessionMayNotTake_IsA409InTheFrontDesksWords_AndNothingFollows()
    {
        var (desk, _, _, sessions) = await BookAsync("Refused");
        using var _ = desk;
        var first = sessions[0];
        await desk.PostAsync($"/api/appointments/{first}/cancel", new { reason = "Unwell" });

        var again = await desk.PostAsync($"/api/appointments/{first}/status", new { status = "Arrived" });
        var moved = await desk.PostAsync($"/api/appointments/{first}/reschedule", new { start = "2026-12-07T11:00" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(
            "A session that is Cancelled cannot become Arrived.",
            await again.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains(
            "A session that is Cancelled cannot be moved.",
            await moved.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        var (db, scope) = Db();
        await using var __ = scope;
        Assert.False(await db.Messages.AnyAsync(m => m.AppointmentId == first && m.Kind == MessageKind.MoveNotice));
    }

    private (SchedulingDbContext Db, AsyncServiceScope Scope) Db()
    {
        var scope = app.Services.CreateAsyncScope();
        return (scope.ServiceProvider.GetRequiredService<SchedulingDbContext>(), scope);
    }

    private async Task<(BookingClient Desk, string Phone, Guid Series, List<Guid> Sessions)> BookAsync(string name)
    {
        app.Clock.Reset(Instant.FromUtc(2026, 12, 1, 15, 0));
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 560:D4}";
        var patient = await desk.NewPatientAsync(name, phone);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        var sessions = series
            .GetProperty("sessions")
            .EnumerateArray()
            .Select(s => Guid.Parse(s.GetProperty("id").GetString()!))
            .ToList();
        return (desk, phone, Guid.Parse(series.GetProperty("id").GetString()!), sessions);
    }
}
