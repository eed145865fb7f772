using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Worklist;

/// <summary>
/// The `maintenance` list: weekly esketamine maintenance booked Mondays 7 to 28 Dec 2026 at 09:00 in New York.
/// After the third session (Mon 21 Dec) one session is left, which puts the series on the list; adding sessions
/// takes it off; a task marked done stays done; a series with a fixed number of sessions never goes on it.
/// </summary>
public sealed class MaintenanceWorklistTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly Instant AfterTheThirdSession = Instant.FromUtc(2026, 12, 21, 20, 0);

    private async Task<(BookingClient Desk, string SeriesId)> BookedAsync(
        string template = "esketamine-maintenance-weekly"
    )
    {
        app.Clock.Reset(SchedulingApp.Start);
        var desk = await BookingClient.CreateAsync(app);
        await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { });
        var series = await desk.Http.CreatedAsync("/api/series", desk.Series(template, "2026-12-07T09:00"));
        app.Clock.Reset(AfterTheThirdSession);
        return (desk, series.GetProperty("id").GetString()!);
    }

    private async Task RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MaintenanceJob>().RunAsync(CancellationToken.None);
    }

    private static async Task<List<JsonElement>> ListAsync(BookingClient desk, string state = "open") =>
        [
            .. (
                await desk.GetAsync($"/api/work-items?list=maintenance&state={state}&clinicId={desk.ClinicId}")
            ).EnumerateArray(),
        ];

    [Fact]
    public async Task Job_ListsASeriesWithOneSessionLeft_Once_AndAddingSessionsTakesItOff()
    {
        var (desk, seriesId) = await BookedAsync();
        using var _1 = desk;
        await RunJobAsync();
        Assert.Empty(await ListAsync(desk, "done"));

        await RunJobAsync();
        var item = Assert.Single(await ListAsync(desk));
        Assert.Equal("maintenance", item.GetProperty("list").GetString());
        Assert.Equal("MaintenanceRunningOut", item.GetProperty("kind").GetString());
        Assert.Equal(desk.PatientId, item.GetProperty("patientId").GetString());
        Assert.StartsWith("1 booked session left", item.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Equal(
            HttpStatusCode.Created,
            (await desk.PostAsync($"/api/series/{seriesId}/sessions", new { count = 2 })).StatusCode
        );
        Assert.Empty(await ListAsync(desk));
        await RunJobAsync();
        Assert.Empty(await ListAsync(desk));
        Assert.Equal(
            item.GetProperty("id").GetString(),
            Assert.Single(await ListAsync(desk, "done")).GetProperty("id").GetString()
        );
    }

    [Fact]
    public async Task Job_LeavesATaskMarkedDoneClosed_WhileNoSessionsWereAdded()
    {
        var (desk, _) = await BookedAsync();
        using var _1 = desk;
        await RunJobAsync();
        var item = Assert.Single(await ListAsync(desk));

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/work-items/{item.GetProperty("id").GetString()}/done", new { })).StatusCode
        );
        await RunJobAsync();

        Assert.Empty(await ListAsync(desk));
    }

    [Fact]
    public async Task Job_ClosesTheTask_WhenTheSeriesIsCancelled_AndNeverListsASeriesWithAFixedEnd()
    {
        var (desk, seriesId) = await BookedAsync();
        using var _1 = desk;
        var other = await desk.NewPatientAsync("Haddad", "(202) 555-0166");
        app.Clock.Reset(SchedulingApp.Start);
        await desk.PostAsync($"/api/patients/{other}/rems-enrollment", new { });
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("esketamine-maintenance", "2026-12-08T09:00", patientId: other)
        );
        app.Clock.Reset(AfterTheThirdSession.Plus(Duration.FromDays(1)));
        await RunJobAsync();
        Assert.Single(await ListAsync(desk));

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/series/{seriesId}/cancel", new { reason = "Treatment ended" })).StatusCode
        );
        await RunJobAsync();

        Assert.Empty(await ListAsync(desk));
    }
}
