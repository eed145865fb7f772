using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// POST /api/series/{id}/sessions: weekly esketamine maintenance with no end (booked Mondays 7 to 28 Dec 2026 at
/// 09:00 in New York) goes on into January at the template's spacing, with reminders and checks as at booking.
/// </summary>
public sealed class AddSessionsTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private async Task<(BookingClient Desk, string SeriesId)> MaintenanceAsync(
        string template = "esketamine-maintenance-weekly"
    )
    {
        app.Clock.Reset(SchedulingApp.Start);
        var desk = await BookingClient.CreateAsync(app);
        await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { });
        var series = await desk.Http.CreatedAsync("/api/series", desk.Series(template, "2026-12-07T09:00"));
        return (desk, series.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Add_PlacesTheSessionsAfterTheLastOne_AtTheTemplatesSpacing_WithTheirRemindersAndChecks()
    {
        var (desk, seriesId) = await MaintenanceAsync();
        using var _1 = desk;

        var response = await desk.PostAsync($"/api/series/{seriesId}/sessions", new { count = 3 });
        var added = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/series/{seriesId}", response.Headers.Location?.ToString());
        var sessions = added.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal([5, 6, 7], sessions.Select(s => s.GetProperty("number").GetInt32()));
        Assert.Equal(
            ["2027-01-04T09:00", "2027-01-11T09:00", "2027-01-18T09:00"],
            sessions.Select(s => s.GetProperty("start").GetString())
        );
        var series = await desk.GetAsync($"/api/series/{seriesId}");
        Assert.Equal(7, series.GetProperty("sessions").GetArrayLength());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        foreach (var id in sessions.Select(s => s.GetProperty("id").GetGuid()))
        {
            Assert.Equal(
                3,
                await db.Messages.CountAsync(m =>
                    m.AppointmentId == id && m.Kind == MessageKind.Reminder && m.State == MessageState.Planned
                )
            );
            Assert.Equal(
                2,
                await db.Surveys.CountAsync(s => s.AppointmentId == id && s.Instrument == Instrument.PostSessionCheck)
            );
            Assert.NotNull((await db.Appointments.SingleAsync(a => a.Id == id)).RemsFormDue);
        }

        Assert.Equal(
            2,
            await db.Surveys.CountAsync(s =>
                s.SeriesId == Guid.Parse(seriesId) && s.Instrument != Instrument.PostSessionCheck
            )
        );
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "sessions-added" && e.EntityId == seriesId));
    }

    [Fact]
    public async Task Add_Returns409ForASeriesWithAFixedNumberOfSessions_400ForABadCount_And404ForAnUnknownSeries()
    {
        var (desk, seriesId) = await MaintenanceAsync("esketamine-maintenance");
        using var _1 = desk;

        var fixedSeries = await desk.PostAsync($"/api/series/{seriesId}/sessions", new { count = 2 });
        var none = await desk.PostAsync($"/api/series/{seriesId}/sessions", new { count = 0 });
        var tooMany = await desk.PostAsync($"/api/series/{seriesId}/sessions", new { count = 13 });
        var unknown = await desk.PostAsync($"/api/series/{Guid.NewGuid()}/sessions", new { count = 1 });

        Assert.Contains(
            "fixed number of sessions",
            (await fixedSeries.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(["count"], (await none.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["count"], (await tooMany.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(4, (await desk.GetAsync($"/api/series/{seriesId}")).GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task Templates_ListTheOpenEndedMaintenanceRhythms()
    {
        var (desk, _) = await MaintenanceAsync();
        using var _1 = desk;

        var templates = (await desk.GetAsync($"/api/templates?clinicId={desk.ClinicId}")).EnumerateArray().ToList();

        Assert.Equal(
            ["esketamine-maintenance-fortnightly", "esketamine-maintenance-weekly"],
            templates
                .Where(t => t.GetProperty("openEnded").GetBoolean())
                .Select(t => t.GetProperty("code").GetString())
                .Order(StringComparer.Ordinal)
        );
    }
}
