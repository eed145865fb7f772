using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// POST /api/templates/{id}/retire: no new series with the template, while series booked with it keep it.
/// </summary>
public sealed class TemplateRetireApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static object ClinicTemplate(string clinicId, string code) =>
        new
        {
            code,
            name = "Twice-weekly IV (clinic protocol)",
            clinicId,
            sessionCount = 3,
            sessionDuration = "PT1H30M",
            minDaysBetween = 3,
            maxDaysBetween = 4,
            reminders = new[] { new { channel = "Sms", before = "PT24H" } },
            followUps = Array.Empty<object>(),
        };

    [Fact]
    public async Task Retire_StopsNewBookings_WhileABookedSeriesStillMovesByItsTemplate()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var template = await admin.CreatedAsync("/api/templates", ClinicTemplate(booking.ClinicId, "twice-weekly-a"));
        var series = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series("twice-weekly-a", "2026-11-30T09:00")
        );

        var retired = await admin.PostAsync(
            new Uri($"/api/templates/{template.GetProperty("id").GetString()}/retire", UriKind.Relative),
            null
        );
        var refused = await booking.PostAsync("/api/series", booking.Series("twice-weekly-a", "2026-12-14T09:00"));
        var sessionTwo = series.GetProperty("sessions")[1].GetProperty("id").GetString();
        var tooClose = await booking.PostAsync(
            $"/api/appointments/{sessionTwo}/reschedule",
            new { start = "2026-12-01T09:00" }
        );
        var moved = await booking.PostAsync(
            $"/api/appointments/{sessionTwo}/reschedule",
            new { start = "2026-12-03T11:00" }
        );

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.NotNull((await retired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retiredAt").GetString());
        await refused.ProblemAsync(HttpStatusCode.NotFound);
        await tooClose.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(
            "2026-12-03T12:30",
            (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("end").GetString()
        );
        var bookable = await booking.GetAsync($"/api/templates?clinicId={booking.ClinicId}");
        Assert.DoesNotContain(
            "twice-weekly-a",
            bookable.EnumerateArray().Select(t => t.GetProperty("code").GetString())
        );
        var all = await booking.GetAsync("/api/templates");
        Assert.Contains(all.EnumerateArray(), t =>
            t.GetProperty("code").GetString() == "twice-weekly-a"
            && t.GetProperty("retiredAt").ValueKind == JsonValueKind.String
        );
    }

    [Fact]
    public async Task Retire_Returns409ForABuiltInOrARetiredTemplate_AndARetiredCodeStaysTaken()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var builtIn = (await booking.GetAsync("/api/templates"))
            .EnumerateArray()
            .First(t => t.GetProperty("builtIn").GetBoolean());
        var template = await admin.CreatedAsync("/api/templates", ClinicTemplate(booking.ClinicId, "twice-weekly-b"));
        var path = new Uri($"/api/templates/{template.GetProperty("id").GetString()}/retire", UriKind.Relative);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(path, null)).StatusCode);

        var builtInRefused = await (
            await admin.PostAsync(
                new Uri($"/api/templates/{builtIn.GetProperty("id").GetString()}/retire", UriKind.Relative),
                null
            )
        ).ProblemAsync(HttpStatusCode.Conflict);
        var again = await (await admin.PostAsync(path, null)).ProblemAsync(HttpStatusCode.Conflict);
        var sameCode = await (
            await admin.PostAsJsonAsync(
                new Uri("/api/templates", UriKind.Relative),
                ClinicTemplate(booking.ClinicId, "twice-weekly-b")
            )
        ).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("built in", builtInRefused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("already retired", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(
            "retired template keeps its code",
            sameCode.GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );
        var stillBuiltIn = (await booking.GetAsync("/api/templates"))
            .EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == builtIn.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, stillBuiltIn.GetProperty("retiredAt").ValueKind);
    }

    [Fact]
    public async Task Retire_Returns404ForAnUnknownTemplate_And403ForOtherRoles()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var template = await admin.CreatedAsync("/api/templates", ClinicTemplate(booking.ClinicId, "twice-weekly-c"));

        await (
            await admin.PostAsync(new Uri($"/api/templates/{Guid.NewGuid()}/retire", UriKind.Relative), null)
        ).ProblemAsync(HttpStatusCode.NotFound);
        var forbidden = await booking.Http.PostAsync(
            new Uri($"/api/templates/{template.GetProperty("id").GetString()}/retire", UriKind.Relative),
            null
        );

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var bookable = await booking.GetAsync($"/api/templates?clinicId={booking.ClinicId}");
        Assert.Contains("twice-weekly-c", bookable.EnumerateArray().Select(t => t.GetProperty("code").GetString()));
    }
}
