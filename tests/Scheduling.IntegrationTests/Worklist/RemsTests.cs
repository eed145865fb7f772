using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Worklist;

/// <summary>
/// Esketamine REMS done properly: enrollment before booking (or a pending task), each session's form
/// recorded from the API and the worklist page, tasks that clear and never come back, and the day-5 mark.
/// </summary>
public sealed partial class RemsTests(SchedulingApp app) : IClassFixture<SchedulingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Tuesday 1 December 2026, 10:00 in New York; the series starts on Monday 7 December at 09:00.</summary>
    private static readonly Instant Booking = Instant.FromUtc(2026, 12, 1, 15, 0);

    /// <summary>Tuesday 8 December, after the first session (Monday 7th) was held.</summary>
    private static readonly Instant DayAfterFirst = Instant.FromUtc(2026, 12, 8, 15, 0);

    [Fact]
    public async Task BookingEsketamine_Is409_WithoutEnrollment_AndWritesNothing()
    {
        using var desk = await DeskAsync();

        var refused = await desk.PostAsync("/api/series", desk.Series("esketamine-induction", "2026-12-07T09:00"));

        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("remsEnrollmentPending", problem.ErrorFields());
        Assert.Equal(0, await CountAsync(db => db.Series.CountAsync(s => s.PatientId == Guid.Parse(desk.PatientId))));
        Assert.Equal(
            0,
            await CountAsync(db => db.WorkItems.CountAsync(w => w.PatientId == Guid.Parse(desk.PatientId)))
        );
    }

    [Fact]
    public async Task BookingPending_OpensARemsTask_ThatEnrollmentCloses_AndKetamineNeedsNone()
    {
        using var desk = await DeskAsync();
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-21T09:00"));

        await desk.Http.CreatedAsync("/api/series", PendingSeries(desk));

        var task = Assert.Single(await ListAsync(desk, "rems", "open"));
        Assert.Equal(nameof(WorkItemKind.RemsEnrollmentPending), task.GetProperty("kind").GetString());
        Assert.Equal(desk.PatientId, task.GetProperty("patientId").GetString());
        var enrolled = await desk.PostAsync(
            $"/api/patients/{desk.PatientId}/rems-enrollment",
            new { reference = "REMS-1234" }
        );
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Empty(await ListAsync(desk, "rems", "open"));
        var done = Assert.Single(await ListAsync(desk, "rems", "done"));
        Assert.Equal(task.GetProperty("id").GetString(), done.GetProperty("id").GetString());
        var record = await desk.GetAsync($"/api/patients/{desk.PatientId}/rems-enrollment");
        Assert.Equal("REMS-1234", record.GetProperty("reference").GetString());
        Assert.Equal(Wire(Booking), record.GetProperty("enrolledAt").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("recordedBy").GetString()));
    }

    [Fact]
    public async Task AnEnrolledPatient_IsBooked_WithoutATask()
    {
        using var desk = await DeskAsync();
        var enrolled = await desk.PostAsync(
            $"/api/patients/{desk.PatientId}/rems-enrollment",
            new { enrolledAt = "2026-11-30T14:00:00Z", reference = "E-9" }
        );
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);

        await desk.Http.CreatedAsync("/api/series", desk.Series("esketamine-induction", "2026-12-07T09:00"));

        Assert.Empty(await ListAsync(desk, "rems", "open"));
    }

    [Fact]
    public async Task RecordingTheForm_ClearsTheTask_AndNoRunOfTheJobBringsItBack()
    {
        using var desk = await DeskAsync();
        var session = await HeldFirstSessionAsync(desk);
        await RunRemsJobAsync();
        var task = Assert.Single(await ListAsync(desk, "rems", "open"), t =>
            t.GetProperty("kind").GetString() == "RemsFormDue"
        );
        Assert.Equal($"{session}", task.GetProperty("appointmentId").GetString());
        Assert.Equal("2026-12-15T05:00:00Z", task.GetProperty("dueAt").GetString());

        var recorded = await desk.PostAsync($"/api/appointments/{session}/rems-form", new { reference = "MF-77" });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var form = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("MF-77", form.GetProperty("reference").GetString());
        Assert.Equal(Wire(DayAfterFirst), form.GetProperty("submittedAt").GetString());
        for (var run = 0; run < 4; run++)
        {
            app.Clock.Advance(Duration.FromHours(1));
            await RunRemsJobAsync();
        }

        Assert.DoesNotContain(await ListAsync(desk, "rems", "open"), t =>
            t.GetProperty("kind").GetString() == "RemsFormDue"
        );
        Assert.Equal(1, await CountAsync(db => db.WorkItems.CountAsync(w => w.SubjectId == session)));
        var view = (await desk.GetAsync($"/api/appointments?from=2026-12-07&to=2026-12-07&clinicId={desk.ClinicId}"))[
            0
        ];
        Assert.True(view.GetProperty("remsFormSubmitted").GetBoolean());
        var again = await desk.PostAsync($"/api/appointments/{session}/rems-form", new { reference = "MF-78" });
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ATaskClosedAsDone_StaysClosed_WhileTheFormIsStillMissing()
    {
        using var desk = await DeskAsync();
        var session = await HeldFirstSessionAsync(desk);
        await RunRemsJobAsync();
        var task = Assert.Single(await ListAsync(desk, "rems", "open"), t =>
            t.GetProperty("kind").GetString() == "RemsFormDue"
        );

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/work-items/{task.GetProperty("id").GetString()}/done", new { })).StatusCode
        );
        for (var run = 0; run < 5; run++)
        {
            app.Clock.Advance(Duration.FromHours(1));
            await RunRemsJobAsync();
        }

        Assert.DoesNotContain(await ListAsync(desk, "rems", "open"), t =>
            t.GetProperty("kind").GetString() == "RemsFormDue"
        );
        Assert.Equal(1, await CountAsync(db => db.WorkItems.CountAsync(w => w.SubjectId == session)));
    }

    [Theory]
    [InlineData("{\"submittedAt\":\"2030-01-01T00:00:00Z\"}", "submittedAt")]
    [InlineData("{\"submittedAt\":\"yesterday\"}", "submittedAt")]
    [InlineData("{\"submittedAt\":\"2026-12-01T00:00:00Z\"}", "submittedAt")]
    public async Task ABadSubmittedAt_Is400_NamingIt(string body, string field)
    {
        using var desk = await DeskAsync();
        var session = await HeldFirstSessionAsync(desk);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var refused = await desk.Http.PostAsync(
            new Uri($"/api/appointments/{session}/rems-form", UriKind.Relative),
            content
        );

        Assert.Equal([field], (await refused.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task AFormForASessionNotHeldOrNotEsketamine_Is409()
    {
        using var desk = await DeskAsync();
        var ketamine = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-21T09:00")
        );
        await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { });
        var esketamine = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("esketamine-induction", "2026-12-07T09:00")
        );
        app.Clock.Reset(DayAfterFirst);

        var notHeld = await desk.PostAsync($"/api/appointments/{SessionId(esketamine, 0)}/rems-form", new { });
        var notEsketamine = await desk.PostAsync($"/api/appointments/{SessionId(ketamine, 0)}/rems-form", new { });

        await notHeld.ProblemAsync(HttpStatusCode.Conflict);
        await notEsketamine.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Worklist_MarksTheFormOverdue_FromDayFive_AndRecordsItFromThePage()
    {
        using var desk = await DeskAsync();
        var session = await HeldFirstSessionAsync(desk);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var list = $"/worklists?clinicId={desk.ClinicId}";
        var today = $"/today?clinicId={desk.ClinicId}";

        app.Clock.Reset(Instant.FromUtc(2026, 12, 11, 15, 0));
        var dayFour = await browser.GetStringAsync(new Uri(list, UriKind.Relative));
        Assert.DoesNotContain("class=\"overdue-mark\"", dayFour, StringComparison.Ordinal);
        Assert.DoesNotContain(
            "REMS monitoring forms overdue",
            await browser.GetStringAsync(new Uri(today, UriKind.Relative)),
            StringComparison.Ordinal
        );

        app.Clock.Reset(Instant.FromUtc(2026, 12, 12, 15, 0));
        Assert.Contains(
            "class=\"overdue-mark\"",
            await browser.GetStringAsync(new Uri(list, UriKind.Relative)),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "REMS monitoring forms overdue (1)",
            await browser.GetStringAsync(new Uri(today, UriKind.Relative)),
            StringComparison.Ordinal
        );

        var posted = await PostFormAsync(
            browser,
            list,
            "/worklists?handler=RemsForm",
            new()
            {
                ["appointmentId"] = $"{session}",
                ["reference"] = "PAGE-1",
                ["ClinicId"] = desk.ClinicId,
            }
        );

        Assert.Contains(
            "The monitoring form is recorded as submitted.",
            await posted.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            "REMS monitoring forms overdue",
            await browser.GetStringAsync(new Uri(today, UriKind.Relative)),
            StringComparison.Ordinal
        );
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Appointments.AsNoTracking()
            .SingleAsync(a => a.Id == session);
        Assert.Equal("PAGE-1", stored.RemsFormReference);
        Assert.False(string.IsNullOrEmpty(stored.RemsFormRecordedBy));
        Assert.NotEqual("anonymous", stored.RemsFormRecordedBy);
    }

    private async Task<BookingClient> DeskAsync()
    {
        app.Clock.Reset(Booking);
        return await BookingClient.CreateAsync(app);
    }

    private static object PendingSeries(BookingClient desk) =>
        new
        {
            patientId = desk.PatientId,
            clinicId = desk.ClinicId,
            templateCode = "esketamine-induction",
            firstSessionStart = "2026-12-07T09:00",
            remsEnrollmentPending = true,
        };

    /// <summary>An enrolled patient's esketamine induction, its first session held; the clock the day after.</summary>
    private async Task<Guid> HeldFirstSessionAsync(BookingClient desk)
    {
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { })).StatusCode
        );
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("esketamine-induction", "2026-12-07T09:00")
        );
        var session = SessionId(series, 0);
        app.Clock.Reset(DayAfterFirst);
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{session}/status", new { status = "Arrived" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{session}/status", new { status = "Completed" })).StatusCode
        );
        return session;
    }

    private static Guid SessionId(JsonElement series, int index) =>
        Guid.Parse(series.GetProperty("sessions")[index].GetProperty("id").GetString()!);

    private static string Wire(Instant instant) => Scheduling.Web.Api.Contracts.Wire.Format(instant);

    private static async Task<List<JsonElement>> ListAsync(BookingClient desk, string list, string state) =>
        [
            .. (
                await desk.GetAsync($"/api/work-items?list={list}&state={state}&clinicId={desk.ClinicId}")
            ).EnumerateArray(),
        ];

    private async Task RunRemsJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorklistJobs>().RemsFormsAsync(CancellationToken.None);
    }

    private async Task<int> CountAsync(Func<SchedulingDbContext, Task<int>> count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser,
        string page,
        string action,
        Dictionary<string, string> fields
    )
    {
        var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        fields["__RequestVerificationToken"] = Token().Match(html).Groups["token"].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}
