using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class AppointmentApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private async Task<(BookingClient Desk, List<string> Sessions, string SeriesId)> BookedSeriesAsync(int chairs = 2)
    {
        var desk = await BookingClient.CreateAsync(app, chairs);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00")
        );
        return (
            desk,
            series.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList(),
            series.GetProperty("id").GetString()!
        );
    }

    [Fact]
    public async Task Reschedule_MovesTheSession_RetimesItsRemindersAndPlansAMoveNotice()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        var response = await desk.PostAsync(
            $"/api/appointments/{sessions[1]}/reschedule",
            new { start = "2026-12-09T13:00" }
        );
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-12-09T13:00", moved.GetProperty("start").GetString());
        Assert.Equal(1, moved.GetProperty("revision").GetInt32());
        var rows = await MessagesAsync(Guid.Parse(sessions[1]));
        var sms24 = rows.Single(m => m.PlanKey == PlanKey.Parse("Reminder/1440m"));
        Assert.Equal(MessageState.Planned, sms24.State);
        Assert.Equal("2026-12-08T18:00:00Z", NodaTime.Text.InstantPattern.General.Format(sms24.DueAt));
        Assert.Equal(2, rows.Count(m => m.Kind == MessageKind.MoveNotice && m.State == MessageState.Planned));
    }

    [Fact]
    public async Task Reschedule_Returns409AndChangesNothing_WhenTheTimeBreaksSpacing()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        var response = await desk.PostAsync(
            $"/api/appointments/{sessions[1]}/reschedule",
            new { start = "2026-12-15T09:00" }
        );

        Assert.Contains("start", (await response.ProblemAsync(HttpStatusCode.Conflict)).ErrorFields());
        var series = await desk.GetAsync($"/api/appointments?from=2026-12-09&to=2026-12-09&clinicId={desk.ClinicId}");
        Assert.Equal("2026-12-09T09:00", series[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task Reschedule_Returns409_WhenTheOnlyChairIsTaken()
    {
        var (desk, sessions, _) = await BookedSeriesAsync(chairs: 1);
        using var _1 = desk;
        var other = await desk.NewPatientAsync("Nguyen");
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-booster", "2026-12-08T11:00", patientId: other)
                )
            ).StatusCode
        );

        var response = await desk.PostAsync(
            $"/api/appointments/{sessions[1]}/reschedule",
            new { start = "2026-12-08T11:30" }
        );

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancel_SuppressesPendingMessages_PlansACancelNotice_AndFreesTheChair()
    {
        var (desk, sessions, _) = await BookedSeriesAsync(chairs: 1);
        using var _1 = desk;

        var response = await desk.PostAsync(
            $"/api/appointments/{sessions[0]}/cancel",
            new { reason = "Patient unwell" }
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await MessagesAsync(Guid.Parse(sessions[0]));
        Assert.All(rows.Where(m => m.Kind == MessageKind.Reminder), m =>
            Assert.Equal((MessageState.Suppressed, "AppointmentCancelled"), (m.State, m.Reason))
        );
        Assert.Equal(2, rows.Count(m => m.Kind == MessageKind.CancelNotice && m.State == MessageState.Planned));
        var other = await desk.NewPatientAsync("Moreau");
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-booster", "2026-12-07T09:00", ["2026-12-07T09:00"], other)
                )
            ).StatusCode
        );
        await (await desk.PostAsync($"/api/appointments/{sessions[0]}/cancel", new { reason = "again" })).ProblemAsync(
            HttpStatusCode.Conflict
        );
    }

    [Fact]
    public async Task Cancel_Returns400_WithoutAReason()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        Assert.Equal(
            ["reason"],
            (
                await (await desk.PostAsync($"/api/appointments/{sessions[0]}/cancel", new { })).ProblemAsync(
                    HttpStatusCode.BadRequest
                )
            ).ErrorFields()
        );
    }

    [Fact]
    public async Task CancelSeries_CancelsTheRestAndSuppressesTheirMessages()
    {
        var (desk, sessions, seriesId) = await BookedSeriesAsync();
        using var _1 = desk;

        var response = await desk.PostAsync($"/api/series/{seriesId}/cancel", new { reason = "Moving away" });
        var series = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cancelled", series.GetProperty("state").GetString());
        Assert.All(series.GetProperty("sessions").EnumerateArray(), s =>
            Assert.Equal("Cancelled", s.GetProperty("status").GetString())
        );
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var ids = sessions.Select(Guid.Parse).ToList();
        Assert.False(
            await db.Messages.AnyAsync(m =>
                m.AppointmentId != null
                && ids.Contains(m.AppointmentId.Value)
                && m.Kind == MessageKind.Reminder
                && m.State == MessageState.Planned
            )
        );
    }

    [Fact]
    public async Task Ride_RecordsTheAnswer_AndRefusesABodyWithoutOne()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        var ok = await (
            await desk.PostAsync($"/api/appointments/{sessions[0]}/ride", new { confirmed = true })
        ).Content.ReadFromJsonAsync<JsonElement>();
        var bad = await desk.PostAsync($"/api/appointments/{sessions[0]}/ride", new { confirmed = "yes" });

        Assert.True(ok.GetProperty("rideConfirmed").GetBoolean());
        Assert.Contains("confirmed", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Status_FollowsTheClinicDay_AndRefusesImpossibleSteps()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{sessions[0]}/status", new { status = "Arrived" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{sessions[0]}/status", new { status = "Completed" })).StatusCode
        );
        await (await desk.PostAsync($"/api/appointments/{sessions[0]}/status", new { status = "NoShow" })).ProblemAsync(
            HttpStatusCode.Conflict
        );
        await (await desk.PostAsync($"/api/appointments/{sessions[0]}/cancel", new { reason = "late" })).ProblemAsync(
            HttpStatusCode.Conflict
        );
        await (
            await desk.PostAsync($"/api/appointments/{sessions[1]}/status", new { status = "Cancelled" })
        ).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Endpoints_Return404_ForAnUnknownAppointment()
    {
        var (desk, _, _) = await BookedSeriesAsync();
        using var _1 = desk;
        var id = Guid.NewGuid();

        await (
            await desk.PostAsync($"/api/appointments/{id}/reschedule", new { start = "2026-12-09T13:00" })
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (await desk.PostAsync($"/api/appointments/{id}/cancel", new { reason = "x" })).ProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await desk.PostAsync($"/api/appointments/{id}/ride", new { confirmed = true })).ProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await desk.PostAsync($"/api/series/{id}/cancel", new { reason = "x" })).ProblemAsync(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task List_Returns400ForABackwardsRange_And404ForAnUnknownClinic()
    {
        var (desk, _, _) = await BookedSeriesAsync();
        using var _1 = desk;

        var response = await desk.Http.GetAsync(
            new Uri("/api/appointments?from=2026-12-10&to=2026-12-01", UriKind.Relative)
        );

        Assert.Equal(["to"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        await (
            await desk.Http.GetAsync(
                new Uri($"/api/appointments?from=2026-12-01&to=2026-12-01&clinicId={Guid.NewGuid()}", UriKind.Relative)
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_WithoutClinic_CoversEveryClinic()
    {
        var (desk, sessions, _) = await BookedSeriesAsync();
        using var _1 = desk;

        var all = await desk.GetAsync("/api/appointments?from=2026-12-07&to=2026-12-07");

        Assert.Contains(all.EnumerateArray(), a => a.GetProperty("id").GetString() == sessions[0]);
    }

    private async Task<List<PlannedMessage>> MessagesAsync(Guid appointmentId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Messages.AsNoTracking()
            .Where(m => m.AppointmentId == appointmentId)
            .ToListAsync();
    }
}
