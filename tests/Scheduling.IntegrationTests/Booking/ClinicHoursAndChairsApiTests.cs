using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// PUT …/opening-hours and the chair routes: what they change, what they refuse, and that a retired chair is never
/// booked.
/// </summary>
public sealed class ClinicHoursAndChairsApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static object Hours(params (string Day, string Open, string Close)[] hours) =>
        new
        {
            openingHours = hours.Select(h => new
            {
                day = h.Day,
                open = h.Open,
                close = h.Close,
            }),
        };

    private static readonly (string, string, string)[] WeekdayAfternoons =
    [
        .. new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => (d, "12:00", "18:00")),
    ];

    [Fact]
    public async Task OpeningHours_AreReplaced_AndTheAnswerCountsBookedSessionsNowOutsideThem()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var series = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
        );
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var response = await admin.PutAsJsonAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/opening-hours", UriKind.Relative),
            Hours([.. WeekdayAfternoons, ("Monday", "08:00", "11:00")])
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = await response.Content.ReadFromJsonAsync<JsonElement>();
        var onMondayMornings = series
            .GetProperty("sessions")
            .EnumerateArray()
            .Count(s =>
                DateTime
                    .Parse(s.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    .DayOfWeek == DayOfWeek.Monday
                && s.GetProperty("start").GetString()!.EndsWith("T09:00", StringComparison.Ordinal)
            );
        Assert.InRange(onMondayMornings, 1, 5);
        Assert.Equal(6 - onMondayMornings, change.GetProperty("bookedOutside").GetInt32());
        var clinic = await booking.GetAsync($"/api/clinics/{booking.ClinicId}");
        Assert.Equal(
            [
                "Monday 08:00-11:00",
                "Monday 12:00-18:00",
                "Tuesday 12:00-18:00",
                "Wednesday 12:00-18:00",
                "Thursday 12:00-18:00",
                "Friday 12:00-18:00",
            ],
            clinic
                .GetProperty("openingHours")
                .EnumerateArray()
                .Select(h =>
                    $"{h.GetProperty("day").GetString()} "
                    + $"{h.GetProperty("open").GetString()}-{h.GetProperty("close").GetString()}"
                )
        );
        var kept = await booking.GetAsync($"/api/series/{series.GetProperty("id").GetString()}");
        Assert.All(kept.GetProperty("sessions").EnumerateArray(), s =>
            Assert.Equal("Booked", s.GetProperty("status").GetString())
        );
        Assert.True(await AuditedAsync("opening-hours-changed", booking.ClinicId));
    }

    [Fact]
    public async Task OpeningHours_Returns400NamingEachBadRow_AndKeepsTheOldHours()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var path = new Uri($"/api/clinics/{booking.ClinicId}/opening-hours", UriKind.Relative);

        var rows = await (
            await admin.PutAsJsonAsync(
                path,
                Hours(
                    ("Funday", "08:00", "18:00"),
                    ("Monday", "18:00", "08:00"),
                    ("Tuesday", "25:00", "12:00"),
                    ("Friday", "08:00", "12:00"),
                    ("Friday", "11:00", "14:00")
                )
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var none = await (await admin.PutAsJsonAsync(path, Hours())).ProblemAsync(HttpStatusCode.BadRequest);
        using var wrongType = new StringContent(
            """{"openingHours":"always"}""",
            System.Text.Encoding.UTF8,
            "application/json"
        );
        var typed = await (await admin.PutAsync(path, wrongType)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(
            ["openingHours[0].day", "openingHours[1].close", "openingHours[2].open", "openingHours[4]"],
            rows.ErrorFields().Order(StringComparer.Ordinal)
        );
        Assert.Equal(["openingHours"], none.ErrorFields());
        Assert.Contains("openingHours", typed.ErrorFields());
        Assert.Equal(
            6,
            (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("openingHours").GetArrayLength()
        );
    }

    [Fact]
    public async Task OpeningHours_Returns404ForAnUnknownClinic_And403ForFrontDesk()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        await (
            await admin.PutAsJsonAsync(
                new Uri($"/api/clinics/{Guid.NewGuid()}/opening-hours", UriKind.Relative),
                Hours(WeekdayAfternoons)
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        var forbidden = await booking.Http.PutAsJsonAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/opening-hours", UriKind.Relative),
            Hours(WeekdayAfternoons)
        );

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(
            6,
            (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("openingHours").GetArrayLength()
        );
    }

    [Fact]
    public async Task Chairs_AreAddedRenamedAndRetired_AndTheCountMeansChairsInService()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var added = await admin.CreatedAsync($"/api/clinics/{booking.ClinicId}/chairs", new { });
        var chairId = added.GetProperty("id").GetString();
        var renamed = await admin.PutAsJsonAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairId}", UriKind.Relative),
            new { name = "Window recliner" }
        );
        var retired = await admin.PostAsync(
            new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairId}/retire", UriKind.Relative),
            null
        );

        Assert.Equal("Chair 3", added.GetProperty("name").GetString());
        Assert.Equal(3, added.GetProperty("number").GetInt32());
        Assert.Equal(
            "Window recliner",
            (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()
        );
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var clinic = await booking.GetAsync($"/api/clinics/{booking.ClinicId}");
        Assert.Equal(2, clinic.GetProperty("chairs").GetInt32());
        Assert.Equal(
            ["Chair 1", "Chair 2"],
            clinic.GetProperty("chairList").EnumerateArray().Select(c => c.GetProperty("name").GetString())
        );
        Assert.Equal("Window recliner", clinic.GetProperty("retiredChairs")[0].GetProperty("name").GetString());
        Assert.True(await AuditedAsync("chair-added", booking.ClinicId));
        Assert.True(await AuditedAsync("chair-renamed", booking.ClinicId));
        Assert.True(await AuditedAsync("chair-retired", booking.ClinicId));
    }

    [Fact]
    public async Task Chairs_Return400NamingTheName_404ForUnknownIds_403ForFrontDesk_AndWriteNothing()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var chairOne = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("chairList")[0]
            .GetProperty("id")
            .GetString();

        var tooLong = await (
            await admin.PostAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs", UriKind.Relative),
                new { name = new string('x', 101) }
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        var blank = await (
            await admin.PutAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairOne}", UriKind.Relative),
                new { name = " " }
            )
        ).ProblemAsync(HttpStatusCode.BadRequest);
        await (
            await admin.PostAsJsonAsync(new Uri($"/api/clinics/{Guid.NewGuid()}/chairs", UriKind.Relative), new { })
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (
            await admin.PutAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{Guid.NewGuid()}", UriKind.Relative),
                new { name = "A" }
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (
            await admin.PostAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{Guid.NewGuid()}/retire", UriKind.Relative),
                null
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        var forbidden = new[]
        {
            await booking.Http.PostAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs", UriKind.Relative),
                new { }
            ),
            await booking.Http.PutAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairOne}", UriKind.Relative),
                new { name = "Mine" }
            ),
            await booking.Http.PostAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairOne}/retire", UriKind.Relative),
                null
            ),
        };

        Assert.Equal(["name"], tooLong.ErrorFields());
        Assert.Equal(["name"], blank.ErrorFields());
        Assert.All(forbidden, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var clinic = await booking.GetAsync($"/api/clinics/{booking.ClinicId}");
        Assert.Equal(
            ["Chair 1", "Chair 2"],
            clinic.GetProperty("chairList").EnumerateArray().Select(c => c.GetProperty("name").GetString())
        );
        Assert.Equal(0, clinic.GetProperty("retiredChairs").GetArrayLength());
    }

    [Fact]
    public async Task Chairs_Return409_ForATakenName_AChairWithSessionsToCome_AndTheLastChairInService()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var series = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
        );
        var used = series.GetProperty("sessions")[0].GetProperty("chairId").GetString();
        var other = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("chairList")
            .EnumerateArray()
            .Select(c => c.GetProperty("id").GetString())
            .Single(id => id != used);

        var taken = await (
            await admin.PostAsJsonAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs", UriKind.Relative),
                new { name = "chair 1" }
            )
        ).ProblemAsync(HttpStatusCode.Conflict);
        var withSessions = await (
            await admin.PostAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{used}/retire", UriKind.Relative),
                null
            )
        ).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await admin.PostAsync(
                    new Uri($"/api/clinics/{booking.ClinicId}/chairs/{other}/retire", UriKind.Relative),
                    null
                )
            ).StatusCode
        );
        var again = await (
            await admin.PostAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{other}/retire", UriKind.Relative),
                null
            )
        ).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await booking.PostAsync(
                    $"/api/series/{series.GetProperty("id").GetString()}/cancel",
                    new { reason = "Chair out of service" }
                )
            ).StatusCode
        );
        var last = await (
            await admin.PostAsync(
                new Uri($"/api/clinics/{booking.ClinicId}/chairs/{used}/retire", UriKind.Relative),
                null
            )
        ).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(["name"], taken.ErrorFields());
        Assert.Contains(
            "6 sessions still to come",
            withSessions.GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );
        Assert.Contains("already retired", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("last chair in service", last.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("chairs").GetInt32());
    }

    [Fact]
    public async Task RetiredChair_IsNeverBooked_NotByThePlanner_NorByAWriteThatReadTheChairsBefore()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var chairs = (await booking.GetAsync($"/api/clinics/{booking.ClinicId}"))
            .GetProperty("chairList")
            .EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!)
            .ToList();
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await admin.PostAsync(
                    new Uri($"/api/clinics/{booking.ClinicId}/chairs/{chairs[0]}/retire", UriKind.Relative),
                    null
                )
            ).StatusCode
        );

        var first = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
        );
        var second = await booking.PostAsync(
            "/api/series",
            booking.Series(
                "ketamine-iv-induction",
                "2026-11-30T09:00",
                patientId: await booking.NewPatientAsync("Okoye", "(202) 555-0112")
            )
        );
        var preview = await (
            await booking.PostAsync(
                "/api/series/preview",
                booking.Series(
                    "ketamine-iv-induction",
                    "2026-11-30T09:00",
                    patientId: await booking.NewPatientAsync("Lind", "(202) 555-0113")
                )
            )
        ).Content.ReadFromJsonAsync<JsonElement>();

        Assert.All(first.GetProperty("sessions").EnumerateArray(), s =>
            Assert.Equal(chairs[1], s.GetProperty("chairId").GetString())
        );
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondSessions = (await second.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("sessions")
            .EnumerateArray()
            .ToList();
        Assert.All(secondSessions, s => Assert.Equal(chairs[1], s.GetProperty("chairId").GetString()));
        Assert.NotEqual("2026-11-30T09:00", secondSessions[0].GetProperty("start").GetString());
        Assert.All(preview.GetProperty("sessions").EnumerateArray(), s =>
            Assert.Equal(chairs[1], s.GetProperty("chairId").GetString())
        );

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var sessionId = first.GetProperty("sessions")[5].GetProperty("id").GetGuid();
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync(
                $"UPDATE scheduling.appointments SET chair_id = {Guid.Parse(chairs[0])} WHERE id = {sessionId}"
            )
        );
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
    }

    private async Task<bool> AuditedAsync(string action, string clinicId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db.AuditEvents.AnyAsync(a =>
            a.Action == action && a.EntityType == "Clinic" && a.EntityId == clinicId && a.Actor != "system"
        );
    }
}
