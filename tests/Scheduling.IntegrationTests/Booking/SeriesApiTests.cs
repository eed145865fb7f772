using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class SeriesApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    // Monday 7 December 2026 in New York; the clinic is open 08:00-18:00 on weekdays, 09:00-13:00 Saturdays.
    private const string Monday9 = "2026-12-07T09:00";

    [Fact]
    public async Task Preview_PlacesEverySession_AndWritesNothing()
    {
        using var desk = await BookingClient.CreateAsync(app);
        var before = await CountsAsync();

        var response = await desk.PostAsync("/api/series/preview", desk.Series("ketamine-iv-induction", Monday9));
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(preview.GetProperty("canBook").GetBoolean());
        var sessions = preview.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(6, sessions.Count);
        Assert.Equal(Monday9, sessions[0].GetProperty("start").GetString());
        Assert.Equal("2026-12-07T14:00:00Z", sessions[0].GetProperty("startInstant").GetString());
        Assert.Equal("2026-12-07T10:40", sessions[0].GetProperty("end").GetString());
        Assert.All(sessions, s => Assert.Equal(1, s.GetProperty("chair").GetInt32()));
        Assert.Contains(preview.GetProperty("messages").EnumerateArray(), m =>
            m.GetProperty("kind").GetString() == "Reminder" && m.GetProperty("channel").GetString() == "Sms"
        );
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Book_Returns201_WithSessionsThatTheApiThenLists_AndPlansTheirMessages()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var response = await desk.PostAsync("/api/series", desk.Series("ketamine-iv-induction", Monday9));
        var series = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = series.GetProperty("id").GetString();
        Assert.Equal($"/api/series/{id}", response.Headers.Location?.OriginalString);
        var sessionIds = series
            .GetProperty("sessions")
            .EnumerateArray()
            .Select(s => s.GetProperty("id").GetString())
            .ToList();
        Assert.Equal(6, sessionIds.Count);
        var fetched = await desk.GetAsync($"/api/series/{id}");
        Assert.Equal("Active", fetched.GetProperty("state").GetString());
        var listed = await desk.GetAsync($"/api/appointments?from=2026-12-07&to=2026-12-31&clinicId={desk.ClinicId}");
        Assert.Equal(
            sessionIds.Order(StringComparer.Ordinal),
            listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order(StringComparer.Ordinal)
        );
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var first = Guid.Parse(sessionIds[0]!);
        var planned = await db
            .Messages.Where(m => m.AppointmentId == first && m.SurveyId == null)
            .Select(m => m.PlanKey + "/" + m.Channel)
            .ToListAsync();
        Assert.Equal(
            ["DayBeforeCheck/Sms", "Reminder/120m/Sms", "Reminder/1440m/Sms", "Reminder/4320m/Email"],
            planned.Order(StringComparer.Ordinal)
        );
        Assert.Equal(
            4,
            await db.Messages.CountAsync(m => m.AppointmentId == first && m.Kind == MessageKind.SurveyInvitation)
        );
        Assert.Equal(
            2,
            await db.Messages.CountAsync(m =>
                m.SubjectId == Guid.Parse(id!) && m.Kind == MessageKind.BookingConfirmation
            )
        );
    }

    [Fact]
    public async Task Preview_MovesATakenTimeToTheNearestFreeOne_AndSaysSo()
    {
        using var desk = await BookingClient.CreateAsync(app, chairs: 1);
        var other = await desk.NewPatientAsync("Mensah");
        Assert.Equal(
            HttpStatusCode.Created,
            (await desk.PostAsync("/api/series", desk.Series("ketamine-booster", Monday9, patientId: other))).StatusCode
        );

        var preview = await (
            await desk.PostAsync("/api/series/preview", desk.Series("ketamine-booster", Monday9))
        ).Content.ReadFromJsonAsync<JsonElement>();

        var session = preview.GetProperty("sessions")[0];
        Assert.True(session.GetProperty("adjusted").GetBoolean());
        Assert.Equal(Monday9, session.GetProperty("requestedStart").GetString());
        // The planner searches in 15-minute steps from the asked time (docs/booking-time-rules.md).
        Assert.Equal("2026-12-07T10:45", session.GetProperty("start").GetString());
        Assert.NotEmpty(session.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Book_Returns409NamingTheSession_WhenAGivenTimeIsTaken_AndWritesNothing()
    {
        using var desk = await BookingClient.CreateAsync(app, chairs: 1);
        var other = await desk.NewPatientAsync("Fischer");
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-booster", "2026-12-09T09:00", patientId: other)
                )
            ).StatusCode
        );
        var before = await CountsAsync();
        string[] starts =
        [
            "2026-12-07T09:00",
            "2026-12-09T09:00",
            "2026-12-11T09:00",
            "2026-12-14T09:00",
            "2026-12-16T09:00",
            "2026-12-18T09:00",
        ];

        var response = await desk.PostAsync("/api/series", desk.Series("ketamine-iv-induction", Monday9, starts));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["sessions[1]"], problem.ErrorFields());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Book_Returns409_WhenAGivenTimeBreaksTheProtocolsSpacing()
    {
        using var desk = await BookingClient.CreateAsync(app);
        string[] starts =
        [
            "2026-12-07T09:00",
            "2026-12-14T09:00",
            "2026-12-16T09:00",
            "2026-12-18T09:00",
            "2026-12-21T09:00",
            "2026-12-23T09:00",
        ];

        var problem = await (
            await desk.PostAsync("/api/series", desk.Series("ketamine-iv-induction", Monday9, starts))
        ).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("sessions[1]", problem.ErrorFields());
    }

    [Fact]
    public async Task Book_Returns400NamingFields_ForBadTimesAndMissingIds()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var response = await desk.PostAsync(
            "/api/series",
            new
            {
                templateCode = "ketamine-booster",
                firstSessionStart = "7 Dec 9am",
                sessionStarts = new[] { "2026-13-01T09:00" },
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["clinicId", "firstSessionStart", "patientId", "sessionStarts[0]"],
            problem.ErrorFields().Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task Book_Returns400_WhenTheNumberOfGivenTimesIsNotTheProtocols()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var problem = await (
            await desk.PostAsync("/api/series", desk.Series("ketamine-iv-induction", Monday9, [Monday9]))
        ).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["sessionStarts"], problem.ErrorFields());
    }

    [Fact]
    public async Task Book_Returns404_ForAnUnknownPatientClinicOrTemplate()
    {
        using var desk = await BookingClient.CreateAsync(app);

        await (await desk.PostAsync("/api/series", desk.Series("no-such-template", Monday9))).ProblemAsync(
            HttpStatusCode.NotFound
        );
        await (
            await desk.PostAsync(
                "/api/series",
                desk.Series("ketamine-booster", Monday9, patientId: Guid.NewGuid().ToString())
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
        await (await desk.Http.GetAsync(new Uri($"/api/series/{Guid.NewGuid()}", UriKind.Relative))).ProblemAsync(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task Book_Returns403_ForClinicianAndOps()
    {
        using var desk = await BookingClient.CreateAsync(app);
        foreach (var role in new[] { Roles.Clinician, Roles.Ops })
        {
            using var client = await SignIn.ApiClientAsync(app, role);
            var response = await client.PostAsJsonAsync(
                new Uri("/api/series", UriKind.Relative),
                desk.Series("ketamine-booster", Monday9)
            );
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Book_KeepsWeeklySessionsAt9Local_AcrossTheNovemberClockChange()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 10, 1, 12, 0));
        try
        {
            using var desk = await BookingClient.CreateAsync(app);
            await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { });

            var series = await desk.Http.CreatedAsync(
                "/api/series",
                desk.Series("esketamine-maintenance", "2026-10-26T09:00")
            );

            var sessions = series.GetProperty("sessions").EnumerateArray().ToList();
            Assert.All(sessions, s =>
                Assert.EndsWith("T09:00", s.GetProperty("start").GetString(), StringComparison.Ordinal)
            );
            Assert.Equal("2026-10-26T13:00:00Z", sessions[0].GetProperty("startInstant").GetString());
            Assert.Equal("2026-11-02T14:00:00Z", sessions[1].GetProperty("startInstant").GetString());
            Assert.Equal("2026-11-02", sessions[0].GetProperty("remsFormDue").GetString());
        }
        finally
        {
            app.Clock.Reset(SchedulingApp.Start);
        }
    }

    private async Task<(int Series, int Appointments, int Messages)> CountsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return (await db.Series.CountAsync(), await db.Appointments.CountAsync(), await db.Messages.CountAsync());
    }
}
