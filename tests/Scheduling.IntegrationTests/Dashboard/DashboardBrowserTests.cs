using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dashboard;

/// <summary>
/// The issue's scenario in a real Chromium against the real host: the front desk registers a patient,
/// books an IV induction series through the pages, sees it on Today, moves session 3 and the rest of the series
/// (preview, then confirm), cancels one session and sees its messages suppressed; a clinician acknowledges a safety
/// alert. axe-core runs on every page visited.
/// </summary>
public sealed partial class DashboardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    /// <summary>
    /// Each test starts from the fixture's first state: e.g. the clinician's banner counts every open alert.
    /// </summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FrontDesk_RegistersBooksSeesTodayAndCancels_AndAClinicianAcknowledgesAnAlert()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic());
        var page = await app.SignedInPageAsync(Roles.FrontDesk);
        await PageChecks.CheckAsync(page, "01-start");

        await page.GotoAsync("/patients/new");
        await PageChecks.CheckAsync(page, "02-patient-new");
        await page.GetByLabel("First name").FillAsync("Morgan");
        await page.GetByLabel("Last name").FillAsync("Quill");
        await page.GetByLabel("Date of birth").FillAsync("1980-05-04");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync("morgan.quill@example.com");
        await page.GetByLabel("Mobile phone").FillAsync("(202) 555-0142");
        await page.GetByLabel("SMS messages").CheckAsync();
        await page.GetByLabel("Email messages").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Morgan Quill", Level = 1 }))
            .ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "03-patient");
        var patientUrl = page.Url;

        await page.GetByRole(AriaRole.Link, new() { Name = "Book a series" }).ClickAsync();
        await page.GetByLabel("Protocol").SelectOptionAsync("ketamine-iv-induction");
        await page.GetByLabel("First session (clinic time)").FillAsync("2026-11-30T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Start of session 6")).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "04-book-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and book" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(patientUrl);
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ketamine-iv-induction · Active" }))
            .ToBeVisibleAsync();

        await page.GotoAsync($"/today?clinicId={clinic.GetProperty("id").GetString()}&date=2026-11-30");
        await Assertions.Expect(page.Locator(".day .slot", new() { HasText = "Morgan Quill" })).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "05-today");
        await page.GetByRole(AriaRole.Link, new() { Name = "Week" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Morgan Quill" }).First)
            .ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "06-week");

        await page.GotoAsync(patientUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "session 3 and every later one of ketamine-iv-induction" })
            .ClickAsync();
        await page.GetByLabel("New start of session 3 (clinic time)").FillAsync("2026-12-08T13:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the move" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Where each session would go" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=moves] tbody tr")).ToHaveCountAsync(4);
        await Assertions
            .Expect(page.Locator("section[aria-labelledby=moves] tbody tr").First)
            .ToContainTextAsync("Tue 8 Dec 2026 13:00");
        await PageChecks.CheckAsync(page, "07a-move-rest-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the move" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved 4 sessions");
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Where each session went" }))
            .ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "07b-move-rest-done");
        await page.GotoAsync(patientUrl);
        await Assertions
            .Expect(page.Locator("section[aria-labelledby=series] tbody tr").Nth(2))
            .ToContainTextAsync("Tue 8 Dec 2026 13:00");

        await page.GetByRole(AriaRole.Link, new() { Name = "Move or cancel session 2 of ketamine-iv-induction" })
            .ClickAsync();
        await PageChecks.CheckAsync(page, "07-session");
        await page.GetByLabel("Reason").First.FillAsync("Patient is travelling");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel session" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cancelled");
        await page.GotoAsync(patientUrl);
        var sessionTwoMessages = page.Locator("section[aria-labelledby=messages] tbody tr")
            .Filter(new() { Has = page.Locator("td:nth-child(2)", new() { HasTextRegex = SessionTwo() }) });
        var kinds = await sessionTwoMessages.Locator("td:nth-child(3)").AllTextContentsAsync();
        var states = await sessionTwoMessages.Locator("td:nth-child(5)").AllTextContentsAsync();
        Assert.Contains("Reminder", kinds);
        Assert.All(kinds.Zip(states), m =>
            Assert.Equal(m.First == "CancelNotice" ? "Planned" : "Suppressed", m.Second)
        );
        Assert.Contains("CancelNotice", kinds);

        await PageChecks.CheckAsync(page, "08-patient-after-cancel");

        var patientId = Guid.Parse(patientUrl[(patientUrl.LastIndexOf('/') + 1)..]);
        await RaiseAlertAsync(patientId, Guid.Parse(clinic.GetProperty("id").GetString()!));
        var clinician = await app.SignedInPageAsync(Roles.Clinician);
        await Assertions.Expect(clinician.GetByRole(AriaRole.Alert)).ToContainTextAsync("1 open safety alert");
        await PageChecks.CheckAsync(clinician, "09-clinician-banner");
        await clinician.GetByRole(AriaRole.Link, new() { Name = "See and acknowledge" }).ClickAsync();
        await PageChecks.CheckAsync(clinician, "10-alerts");
        await clinician.GetByLabel("Note (what was done)").FillAsync("Called the patient; safe, follow-up booked.");
        await clinician.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(clinician.GetByRole(AriaRole.Status)).ToContainTextAsync("acknowledged");
        await Assertions.Expect(clinician.Locator(".banner")).ToHaveCountAsync(0);
        await PageChecks.CheckAsync(clinician, "11-alerts-acknowledged");
    }

    [Fact]
    public async Task Admin_EditsHours_AddsAndRetiresAChair_AndAddsAnOnCallContact()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync(
            "/api/clinics",
            ApiFixtures.NewYorkClinic(name: "Lakeside Infusion Clinic")
        );
        var clinicId = clinic.GetProperty("id").GetString()!;
        var page = await app.SignedInPageAsync(Roles.Admin);
        await page.GotoAsync("/settings");
        var card = page.Locator($"#clinic-{clinicId}");

        await card.GetByLabel("Row 6 opens").FillAsync("");
        await card.GetByLabel("Row 6 closes").FillAsync("");
        await card.GetByLabel("Row 7 day").SelectOptionAsync("Sunday");
        await card.GetByLabel("Row 7 opens").FillAsync("10:00");
        await card.GetByLabel("Row 7 closes").FillAsync("14:00");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save opening hours" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved the opening hours.");
        var facts = card.Locator("dl.facts");
        await Assertions.Expect(facts).ToContainTextAsync("Friday 08:00–18:00; Sunday 10:00–14:00");
        await PageChecks.CheckAsync(page, "21-settings-hours");

        await card.GetByLabel("New chair's name (optional)").FillAsync("Window recliner");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add chair" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added Window recliner.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Retire Chair 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Retired Chair 1");
        await Assertions
            .Expect(card.Locator("dl.facts"))
            .ToContainTextAsync("Chair 2, Window recliner (retired: Chair 1)");
        await PageChecks.CheckAsync(page, "22-settings-chairs");

        await card.GetByLabel("New on-call contact's name").FillAsync("Weekend clinician");
        await card.GetByLabel("Their email").FillAsync("weekend@clinic.test");
        await card.GetByLabel("Their mobile phone").FillAsync("(202) 555-0188");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add to on call" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Weekend clinician is on call");
        await Assertions
            .Expect(card.Locator("dl.facts"))
            .ToContainTextAsync("Weekend clinician (weekend@clinic.test, +12025550188)");
        await PageChecks.CheckAsync(page, "23-settings-on-call");

        var saved = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(
            new Uri($"/api/clinics/{clinicId}", UriKind.Relative)
        );
        Assert.Equal(2, saved.GetProperty("chairs").GetInt32());
        Assert.Contains(saved.GetProperty("openingHours").EnumerateArray(), h =>
            h.GetProperty("day").GetString() == "Sunday"
        );
        Assert.DoesNotContain(saved.GetProperty("openingHours").EnumerateArray(), h =>
            h.GetProperty("day").GetString() == "Saturday"
        );
        Assert.Equal(2, saved.GetProperty("onCall").GetArrayLength());
    }

    [Fact]
    public async Task Admin_AddsAUser_ChangesTheirRolesAndClinics_AndDisablesThem()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Users Page Clinic"));
        var page = await app.SignedInPageAsync(Roles.Admin);
        await page.GotoAsync("/settings/users");
        var add = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Add a user" }) });

        await add.GetByLabel("Email").FillAsync("page.user@clinic.test");
        await add.GetByLabel("Password (at least 12 characters)").FillAsync("a-long-enough-password");
        await add.GetByLabel("FrontDesk").CheckAsync();
        await add.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToContainTextAsync("page.user@clinic.test can now sign in as FrontDesk");
        await PageChecks.CheckAsync(page, "24-users-added");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change roles and clinics of page.user@clinic.test" })
            .ClickAsync();
        var change = page.Locator("#change");
        await change.GetByLabel("FrontDesk").UncheckAsync();
        await change.GetByLabel("Clinician").CheckAsync();
        await change.GetByLabel("Users Page Clinic").CheckAsync();
        await PageChecks.CheckAsync(page, "25-users-change");
        await change.GetByRole(AriaRole.Button, new() { Name = "Save roles and clinics" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("now works as Clinician (users page clinic)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable page.user@clinic.test" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("page.user@clinic.test is disabled");
        var enable = page.GetByRole(AriaRole.Button, new() { Name = "Enable page.user@clinic.test" });
        await Assertions.Expect(enable).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "26-users-disabled");
        var users = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/api/users", UriKind.Relative));
        var stored = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "page.user@clinic.test");
        Assert.True(stored.GetProperty("disabled").GetBoolean());
        Assert.Equal([Roles.Clinician], stored.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        await page.GotoAsync("/account/two-factor");
        await Assertions.Expect(page.Locator("#otpauth-uri")).ToContainTextAsync("otpauth://totp/");
        await PageChecks.CheckAsync(page, "27-two-factor-enrol");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryOtherPage_PassesAxe_ForTheRoleThatUsesIt()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Second Street Clinic"));
        using var frontDesk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var patient = await frontDesk.CreatedAsync(
            "/api/patients",
            ApiFixtures.Patient(clinic.GetProperty("id").GetString()!, "Okafor")
        );
        var patientId = patient.GetProperty("id").GetGuid();
        await SurveysAsync(patientId);
        var clinicId = clinic.GetProperty("id").GetString()!;
        await frontDesk.CreatedAsync(
            "/api/waitlist",
            new
            {
                patientId,
                clinicId,
                templateCode = "ketamine-booster",
                earliest = "2026-12-07",
                latest = "2026-12-18",
            }
        );
        var pages = new (string Role, string Path, string Name)[]
        {
            (Roles.FrontDesk, $"/waitlist?clinicId={clinicId}", "28-waitlist"),
            (Roles.Clinician, $"/patients/{patientId}", "20-patient-score-trend"),
            (Roles.FrontDesk, "/worklists", "12-worklists"),
            (Roles.FrontDesk, "/patients?q=a", "13-patient-search"),
            (Roles.Ops, "/ops/delivery", "14-delivery"),
            (Roles.Admin, "/captured/sms", "15-captured-sms"),
            (Roles.Admin, "/settings", "16-settings"),
            (Roles.Admin, "/settings/users", "17-users"),
            (Roles.Admin, "/settings/audit", "18-audit"),
            (Roles.Clinician, "/today", "19-today-clinician"),
        };
        foreach (var group in pages.GroupBy(p => p.Role))
        {
            var page = await app.SignedInPageAsync(group.Key);
            foreach (var (_, path, name) in group)
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response?.Status);
                if (name == "20-patient-score-trend")
                {
                    await Assertions
                        .Expect(page.Locator("svg.chart text", new() { HasText = "remission" }).Last)
                        .ToBeVisibleAsync();
                    await Assertions
                        .Expect(page.Locator("svg.chart text", new() { HasText = "response" }).Last)
                        .ToBeVisibleAsync();
                }

                await PageChecks.CheckAsync(page, name);
            }

            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// A course of PHQ-9 (baseline 20, then 12, 9 = a response, 4 = a remission) and GAD-7, as completed surveys.
    /// </summary>
    private async Task SurveysAsync(Guid patientId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var start = app.Clock.GetCurrentInstant() - NodaTime.Duration.FromDays(40);
        var course = new (Instrument Instrument, SurveyOccasion Occasion, int Day, int Score)[]
        {
            (Instrument.Phq9, SurveyOccasion.Baseline, 0, 20),
            (Instrument.Gad7, SurveyOccasion.Baseline, 0, 15),
            (Instrument.Phq9, SurveyOccasion.MidSeries, 6, 12),
            (Instrument.Gad7, SurveyOccasion.MidSeries, 6, 11),
            (Instrument.Phq9, SurveyOccasion.EndOfSeries, 12, 9),
            (Instrument.Gad7, SurveyOccasion.EndOfSeries, 12, 8),
            (Instrument.Phq9, SurveyOccasion.FollowUpOneWeek, 19, 4),
            (Instrument.Gad7, SurveyOccasion.FollowUpOneWeek, 19, 5),
        };
        foreach (var (instrument, occasion, day, score) in course)
        {
            var at = start + NodaTime.Duration.FromDays(day);
            var survey = Survey.Plan(
                new SurveyPlan(
                    patientId,
                    null,
                    null,
                    patientId,
                    instrument,
                    "1",
                    occasion,
                    at,
                    at + NodaTime.Duration.FromDays(3)
                ),
                reachable: true,
                at
            );
            survey.Complete(at, score, null, []);
            db.Surveys.Add(survey);
        }

        await db.SaveChangesAsync();
    }

    private async Task RaiseAlertAsync(Guid patientId, Guid clinicId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.Alerts.Add(
            new SafetyAlert
            {
                PatientId = patientId,
                ClinicId = clinicId,
                Kind = AlertKind.SelfHarmRisk,
                CreatedAt = app.Clock.GetCurrentInstant(),
                State = AlertState.Open,
            }
        );
        await db.SaveChangesAsync();
    }

    [GeneratedRegex("^2$")]
    private static partial Regex SessionTwo();
}
