using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>
/// Two clinics with a patient, a booked series, surveys, messages, an open alert and a task each, and a
/// front desk and clinician limited to the first (docs/access.md, "Limited to clinics"): the second
/// clinic's records are absent from every list and a 404 everywhere else, on the API and on the pages,
/// and writing to them is refused and changes nothing. Each check has its control on the user's own
/// clinic, so a route that answered 404 to everything would fail.
/// </summary>
public sealed class ClinicScopeTests(ClinicScopeTests.ScopedApp app, ITestOutputHelper output)
    : IClassFixture<ClinicScopeTests.ScopedApp>
{
    private ScopedApp.Records Ours => app.Ours!;

    private ScopedApp.Records Theirs => app.Theirs!;

    [Fact]
    public async Task ApiLists_HoldOnlyTheUsersClinics()
    {
        using var api = await LimitedApiAsync();

        await AssertListsOursOnlyAsync(api, "/api/patients?query=scope", "id", Ours.PatientId, Theirs.PatientId);
        await AssertListsOursOnlyAsync(api, "/api/patients", "id", Ours.PatientId, Theirs.PatientId);
        await AssertListsOursOnlyAsync(api, "/api/clinics", "id", Ours.ClinicId, Theirs.ClinicId);
        await AssertListsOursOnlyAsync(
            api,
            "/api/appointments?from=2026-11-30&to=2026-12-31",
            "id",
            Ours.AppointmentId,
            Theirs.AppointmentId
        );
        await AssertListsOursOnlyAsync(api, "/api/alerts?state=open", "id", Ours.AlertId, Theirs.AlertId);
        await AssertListsOursOnlyAsync(api, "/api/work-items?list=callbacks", "id", Ours.WorkItemId, Theirs.WorkItemId);
        var theirDay = await api.GetAsync(
            new Uri($"/api/appointments?from=2026-11-30&to=2026-12-31&clinicId={Theirs.ClinicId}", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.NotFound, theirDay.StatusCode);
        var theirList = await api.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/work-items?list=callbacks&clinicId={Theirs.ClinicId}", UriKind.Relative)
        );
        Assert.Equal(0, theirList.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/patients/{patient}")]
    [InlineData("/api/patients/{patient}/messages")]
    [InlineData("/api/patients/{patient}/surveys")]
    [InlineData("/api/series/{series}")]
    [InlineData("/api/surveys/{survey}")]
    [InlineData("/api/alerts/{alert}")]
    [InlineData("/api/clinics/{clinic}")]
    public async Task ApiDetails_Answer404_ForAnotherClinic(string route)
    {
        using var api = await LimitedApiAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Path(route, Ours))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(Path(route, Theirs))).StatusCode);
    }

    [Fact]
    public async Task ApiWrites_ToAnotherClinic_AreRefused_AndChangeNothing()
    {
        using var api = await LimitedApiAsync();
        var them = Theirs;

        foreach (
            var (path, body) in new (string, object)[]
            {
                ($"/api/appointments/{them.AppointmentId}/cancel", new { reason = "Patient asked" }),
                ($"/api/appointments/{them.AppointmentId}/reschedule", new { start = "2026-12-02T10:00" }),
                ($"/api/appointments/{them.AppointmentId}/ride", new { confirmed = true }),
                ($"/api/appointments/{them.AppointmentId}/status", new { status = "Arrived" }),
                ($"/api/series/{them.SeriesId}/cancel", new { reason = "Patient asked" }),
                ($"/api/alerts/{them.AlertId}/acknowledge", new { note = "Seen" }),
                ($"/api/work-items/{them.WorkItemId}/done", new { }),
                ($"/api/messages/{them.MessageId}/retry", new { }),
                ("/api/series/preview", Booking(them.PatientId, them.ClinicId)),
                ("/api/series", Booking(them.PatientId, them.ClinicId)),
                ("/api/series", Booking(Ours.PatientId, them.ClinicId)),
            }
        )
        {
            var response = await api.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {(int)response.StatusCode}");
        }

        var edit = await api.PutAsJsonAsync(
            new Uri($"/api/patients/{them.PatientId}", UriKind.Relative),
            new { firstName = "Changed" }
        );
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var created = await api.PostAsJsonAsync(
            new Uri("/api/patients", UriKind.Relative),
            ApiFixtures.Patient(them.ClinicId.ToString(), "Newcomer", phone: "(202) 555-0133")
        );
        Assert.Contains("clinicId", (await created.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(AlertState.Open, (await db.Alerts.SingleAsync(a => a.Id == them.AlertId)).State);
        Assert.Equal(WorkItemState.Open, (await db.WorkItems.SingleAsync(w => w.Id == them.WorkItemId)).State);
        var session = await db.Appointments.SingleAsync(a => a.Id == them.AppointmentId);
        Assert.Equal((AppointmentStatus.Booked, (bool?)null), (session.Status, session.RideConfirmed));
        Assert.Equal(2, await db.Series.CountAsync());
        Assert.False(await db.Patients.AnyAsync(p => p.LastName == "Newcomer" || p.FirstName == "Changed"));
    }

    [Fact]
    public async Task ApiWrites_InTheUsersOwnClinic_StillWork()
    {
        using var api = await LimitedApiAsync();

        var created = await api.CreatedAsync(
            "/api/patients",
            ApiFixtures.Patient(Ours.ClinicId.ToString(), "Ownclinic", phone: "(202) 555-0144")
        );
        var booking = Booking(created.GetProperty("id").GetGuid(), Ours.ClinicId);
        var preview = await api.PostAsJsonAsync(new Uri("/api/series/preview", UriKind.Relative), booking);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
    }

    [Theory]
    [InlineData("/patients/{patient}")]
    [InlineData("/patients/{patient}/edit")]
    [InlineData("/patients/{patient}/book")]
    [InlineData("/sessions/{appointment}")]
    public async Task Pages_Answer404_ForAnotherClinicsPatientOrSession(string route)
    {
        using var browser = await LimitedBrowserAsync();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Path(route, Ours))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(Path(route, Theirs))).StatusCode);
    }

    [Theory]
    [InlineData("/patients?q=scope")]
    [InlineData("/today?date=2026-12-01")]
    [InlineData("/today?date=2026-12-01&clinicId={clinic}")]
    [InlineData("/today/week?date=2026-12-01&clinicId={clinic}")]
    [InlineData("/worklists")]
    [InlineData("/worklists?clinicId={clinic}")]
    [InlineData("/alerts")]
    [InlineData("/alerts/{alert}")]
    public async Task Pages_ShowOnlyTheUsersClinics(string route)
    {
        using var browser = await LimitedBrowserAsync();

        var page = await browser.GetAsync(Path(route, Theirs));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(ScopedApp.TheirName, html, StringComparison.Ordinal);
        Assert.DoesNotContain(ScopedApp.TheirClinic, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Theirs.PatientId.ToString(), html, StringComparison.Ordinal);
        if (!route.StartsWith("/today/week", StringComparison.Ordinal))
        {
            Assert.Contains(ScopedApp.OurName, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnlimitedUser_StillSeesEveryClinic()
    {
        using var api = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        var found = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/patients?query=scope", UriKind.Relative));

        Assert.Equal(
            new[] { Ours.PatientId, Theirs.PatientId }.Order(),
            found.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).Order()
        );
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Path("/api/series/{series}", Theirs))).StatusCode);
    }

    /// <summary>Jobs, the dispatcher and the commands open scopes of their own: never with a user's limit.</summary>
    [Fact]
    public async Task AScopeNoRequestOpened_SeesEveryClinic()
    {
        await using var scope = app.Services.CreateAsyncScope();

        Assert.False(scope.ServiceProvider.GetRequiredService<ClinicScope>().IsLimited);
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(2, await db.Patients.CountAsync(p => p.LastName.EndsWith("scope")));
    }

    /// <summary>
    /// The filters cost an unlimited caller nothing: its model has none, so the SQL of the booking and
    /// day-view statements is what it was, with its plans and indexes. A limited caller's SQL carries the
    /// clinic list as one array parameter, and a correlated EXISTS on the patient's key for what hangs off one.
    /// </summary>
    [Fact]
    public async Task Filters_AddNothingToTheSql_OfAnUnlimitedCaller()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<SchedulingDbContext>>();
        await using var everything = new SchedulingDbContext(options, ClinicScope.Everything);
        await using var limited = new SchedulingDbContext(options, ClinicScope.Limited([Ours.ClinicId]));

        foreach (var (db, isLimited) in new[] { (everything, false), (limited, true) })
        {
            var day = db
                .Appointments.Where(a => a.ClinicId == Ours.ClinicId && a.Status == AppointmentStatus.Booked)
                .ToQueryString();
            var surveys = db.Surveys.Where(s => s.PatientId == Ours.PatientId).ToQueryString();
            var messages = db.Messages.Where(m => m.PatientId == Ours.PatientId).ToQueryString();

            output.WriteLine($"{(isLimited ? "limited" : "every clinic")}:\n{day}\n{surveys}\n{messages}\n");
            Assert.True(isLimited == day.Contains("= ANY (", StringComparison.Ordinal), day);
            Assert.True(isLimited == surveys.Contains("EXISTS", StringComparison.Ordinal), surveys);
            Assert.True(isLimited == messages.Contains("EXISTS", StringComparison.Ordinal), messages);
            Assert.DoesNotContain("TRUE", day, StringComparison.Ordinal);
            Assert.Equal(isLimited ? 1 : 2, await db.Patients.CountAsync(p => p.LastName.EndsWith("scope")));
        }
    }

    private static object Booking(Guid patientId, Guid clinicId, string firstSessionStart = "2026-12-08T09:00") =>
        new
        {
            patientId,
            clinicId,
            templateCode = "ketamine-iv-induction",
            firstSessionStart,
        };

    private static async Task AssertListsOursOnlyAsync(
        HttpClient api,
        string path,
        string idField,
        Guid ours,
        Guid theirs
    )
    {
        var list = await api.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));
        var ids = list.EnumerateArray().Select(e => e.GetProperty(idField).GetGuid()).ToList();
        Assert.True(ids.Contains(ours), $"{path} lists the user's own record");
        Assert.False(ids.Contains(theirs), $"{path} leaves the other clinic's record out");
    }

    private static Uri Path(string route, ScopedApp.Records records) =>
        new(
            route
                .Replace("{patient}", records.PatientId.ToString(), StringComparison.Ordinal)
                .Replace("{series}", records.SeriesId.ToString(), StringComparison.Ordinal)
                .Replace("{appointment}", records.AppointmentId.ToString(), StringComparison.Ordinal)
                .Replace("{survey}", records.SurveyId.ToString(), StringComparison.Ordinal)
                .Replace("{alert}", records.AlertId.ToString(), StringComparison.Ordinal)
                .Replace("{clinic}", records.ClinicId.ToString(), StringComparison.Ordinal),
            UriKind.Relative
        );

    private async Task<HttpClient> LimitedApiAsync()
    {
        var client = app.CreateClient();
        var token = await SignIn.TokenAsync(client, ScopedApp.LimitedEmail, SchedulingApp.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpClient> LimitedBrowserAsync()
    {
        var browser = app.CreateBrowser();
        var response = await SignIn.WithFormAsync(browser, ScopedApp.LimitedEmail, SchedulingApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>The host with both clinics' records and the limited user, made once for the class.</summary>
    public sealed class ScopedApp : SchedulingApp
    {
        public const string LimitedEmail = "limited@test.local";
        public const string OurName = "Inscope";
        public const string TheirName = "Outscope";
        public const string TheirClinic = "Ridge Infusion Clinic";

        public Records? Ours { get; private set; }

        public Records? Theirs { get; private set; }

        protected override async Task ReadyAsync()
        {
            using var admin = await SignIn.ApiClientAsync(this, Roles.Admin);
            Ours = await RecordsAsync(admin, "Harbor Infusion Clinic", OurName, "(202) 555-0111");
            Theirs = await RecordsAsync(admin, TheirClinic, TheirName, "(202) 555-0122");

            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser
            {
                UserName = LimitedEmail,
                Email = LimitedEmail,
                EmailConfirmed = true,
            };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRolesAsync(user, [Roles.FrontDesk, Roles.Clinician])).Succeeded);
            var claim = new Claim(ClinicClaims.Type, Ours.ClinicId.ToString());
            Assert.True((await users.AddClaimAsync(user, claim)).Succeeded);
        }

        private async Task<Records> RecordsAsync(HttpClient admin, string clinicName, string lastName, string phone)
        {
            var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: clinicName));
            var clinicId = clinic.GetProperty("id").GetGuid();
            var patient = await admin.CreatedAsync(
                "/api/patients",
                ApiFixtures.Patient(clinicId.ToString(), lastName, phone: phone)
            );
            var patientId = patient.GetProperty("id").GetGuid();
            var series = await admin.CreatedAsync("/api/series", Booking(patientId, clinicId, "2026-12-01T09:00"));
            var appointmentId = series.GetProperty("sessions")[0].GetProperty("id").GetGuid();

            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var alert = new SafetyAlert
            {
                PatientId = patientId,
                ClinicId = clinicId,
                Kind = AlertKind.SelfHarmRisk,
                CreatedAt = Clock.GetCurrentInstant(),
            };
            var item = WorkItem.Open(
                new WorkItemOpening(
                    clinicId,
                    patientId,
                    WorkItemKind.CallBackRequested,
                    appointmentId,
                    "The patient asked for a new time by SMS."
                ),
                Clock.GetCurrentInstant()
            );
            db.Alerts.Add(alert);
            db.WorkItems.Add(item);
            await db.SaveChangesAsync();
            return new Records(
                clinicId,
                patientId,
                series.GetProperty("id").GetGuid(),
                appointmentId,
                await db.Surveys.Where(s => s.PatientId == patientId).Select(s => s.Id).FirstAsync(),
                await db.Messages.Where(m => m.PatientId == patientId).Select(m => m.Id).FirstAsync(),
                alert.Id,
                item.Id
            );
        }

        public sealed record Records(
            Guid ClinicId,
            Guid PatientId,
            Guid SeriesId,
            Guid AppointmentId,
            Guid SurveyId,
            Guid MessageId,
            Guid AlertId,
            Guid WorkItemId
        );
    }
}
