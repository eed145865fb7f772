using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's forms as a browser posts them (anti-forgery token included), without a browser: quick actions, bad
/// input, worklists, audit.
/// </summary>
public sealed partial class DashboardPageTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task QuickActions_MarkArrivedAndConfirmTheRide_AndGoBackToToday()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var today = $"/today?clinicId={booking.ClinicId}&date=2026-11-30";

        var arrived = await PostFormAsync(
            browser,
            today,
            $"/sessions/{sessions[0]}?handler=Status",
            new() { ["status"] = "Arrived", ["returnUrl"] = today }
        );
        var ride = await PostFormAsync(
            browser,
            today,
            $"/sessions/{sessions[1]}?handler=Ride",
            new() { ["returnUrl"] = today }
        );

        Assert.Equal(HttpStatusCode.Redirect, arrived.StatusCode);
        Assert.Equal(today, arrived.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, ride.StatusCode);
        var stored = await AppointmentsAsync(sessions[0], sessions[1]);
        Assert.Equal(AppointmentStatus.Arrived, stored[sessions[0]].Status);
        Assert.True(stored[sessions[1]].RideConfirmed);
    }

    [Fact]
    public async Task BadInput_IsShownAsFormErrors_NeverA500()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);

        var patient = await PostFormAsync(
            browser,
            "/patients/new",
            "/patients/new",
            new()
            {
                ["Input.ClinicId"] = booking.ClinicId,
                ["Input.FirstName"] = "",
                ["Input.Email"] = "not-an-email",
                ["Input.DateOfBirth"] = "yesterday",
            }
        );
        var cancel = await PostFormAsync(
            browser,
            $"/sessions/{sessions[0]}",
            $"/sessions/{sessions[0]}?handler=Cancel",
            new() { ["Input.Reason"] = "" }
        );
        var move = await PostFormAsync(
            browser,
            $"/sessions/{sessions[0]}",
            $"/sessions/{sessions[0]}?handler=Reschedule",
            new() { ["Input.Start"] = "2026-13-45T99:00" }
        );
        var book = await PostFormAsync(
            browser,
            $"/patients/{booking.PatientId}/book",
            $"/patients/{booking.PatientId}/book?handler=Preview",
            new() { ["Input.TemplateCode"] = "no-such-template", ["Input.FirstStart"] = "soon" }
        );
        var status = await PostFormAsync(
            browser,
            "/today",
            $"/sessions/{sessions[0]}?handler=Status",
            new() { ["status"] = "Exploded" }
        );

        foreach (var response in new[] { patient, cancel, move, book, status })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("error-box", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains(
            "Say why the session is cancelled",
            await cancel.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentsAsync(sessions[0]))[sessions[0]].Status);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryToken_IsRefused()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "Arrived" });

        var response = await browser.PostAsync(
            new Uri($"/sessions/{sessions[0]}?handler=Status", UriKind.Relative),
            form
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentsAsync(sessions[0]))[sessions[0]].Status);
    }

    [Fact]
    public async Task ThePatientPage_IsAudited_WithWhoLookedAtWhichPatient()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.Clinician);

        var page = await browser.GetAsync(new Uri($"/patients/{booking.PatientId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var patientId = Guid.Parse(booking.PatientId);
        var viewed = await db
            .AuditEvents.Where(e => e.PatientId == patientId && e.Action == "viewed")
            .Select(e => e.EntityType)
            .ToListAsync();
        Assert.Contains("Patient", viewed);
        Assert.Contains("Patient.Messages", viewed);
        Assert.Contains("Patient.Series", viewed);
    }

    [Fact]
    public async Task Worklists_SendAFailedMessageAgain_AndCloseATask()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        Guid messageId,
            itemId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var message = await db.Messages.FirstAsync(m =>
                m.AppointmentId == sessions[2] && m.Kind == MessageKind.Reminder
            );
            var now = app.Clock.GetCurrentInstant();
            message.Claim("dashboard-test", now, now);
            message.RecordFailure(MessageReason.InvalidAddress, null, tried: true, now);
            var item = WorkItem.Open(
                new WorkItemOpening(
                    Guid.Parse(booking.ClinicId),
                    Guid.Parse(booking.PatientId),
                    WorkItemKind.CallBackRequested,
                    sessions[2],
                    "The patient asked for a new time by SMS."
                ),
                app.Clock.GetCurrentInstant()
            );
            db.WorkItems.Add(item);
            await db.SaveChangesAsync();
            (messageId, itemId) = (message.Id, item.Id);
        }

        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var list = $"/worklists?clinicId={booking.ClinicId}";
        var html = await browser.GetStringAsync(new Uri(list, UriKind.Relative));
        Assert.Contains("InvalidAddress", html, StringComparison.Ordinal);
        Assert.Contains("The patient asked for a new time by SMS.", html, StringComparison.Ordinal);

        var retried = await PostFormAsync(
            browser,
            list,
            "/worklists?handler=Retry",
            new() { ["messageId"] = messageId.ToString(), ["ClinicId"] = booking.ClinicId }
        );
        var done = await PostFormAsync(
            browser,
            list,
            "/worklists?handler=Done",
            new() { ["itemId"] = itemId.ToString(), ["ClinicId"] = booking.ClinicId }
        );

        Assert.Contains("will be sent again", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The task is done.", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var check = app.Services.CreateAsyncScope();
        var after = check.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(MessageState.Planned, (await after.Messages.SingleAsync(m => m.Id == messageId)).State);
        Assert.Equal(WorkItemState.Done, (await after.WorkItems.SingleAsync(w => w.Id == itemId)).State);
    }

    [Fact]
    public async Task EditingAPatient_ChangesTheDetails_AndAddsAConsentEntry_WhenConsentChanges()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var edit = $"/patients/{booking.PatientId}/edit";

        var response = await PostFormAsync(
            browser,
            edit,
            edit,
            new()
            {
                ["Input.FirstName"] = "Alexis",
                ["Input.LastName"] = "Rivera",
                ["Input.DateOfBirth"] = "1984-03-10",
                ["Input.Email"] = "alexis.rivera@example.com",
                ["Input.Phone"] = "(202) 555-0111",
                ["Input.ConsentEmail"] = "true",
                ["Input.ConsentSms"] = "false",
                ["Input.ConsentText"] = "Asked by phone to stop texts.",
            }
        );

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var patient = await booking.GetAsync($"/api/patients/{booking.PatientId}");
        Assert.Equal("Alexis", patient.GetProperty("firstName").GetString());
        Assert.False(patient.GetProperty("consent").GetProperty("sms").GetBoolean());
        var last = patient.GetProperty("consentLedger").EnumerateArray().Last();
        Assert.Equal("Asked by phone to stop texts.", last.GetProperty("evidence").GetString());
        var bad = await PostFormAsync(
            browser,
            edit,
            edit,
            new() { ["Input.FirstName"] = "", ["Input.Email"] = "nope" }
        );
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("error-box", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_CloseADay_SaysWhatIsStillBooked_AndRefusesABadWindow()
    {
        using var booking = await BookingClient.CreateAsync(app);
        await BookAsync(booking);
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);

        var closed = await PostFormAsync(
            browser,
            "/settings",
            "/settings?handler=Close",
            new()
            {
                ["clinicId"] = booking.ClinicId,
                ["date"] = "2026-11-30",
                ["reason"] = "Staff training",
            }
        );
        var window = await PostFormAsync(
            browser,
            "/settings",
            "/settings?handler=Window",
            new()
            {
                ["clinicId"] = booking.ClinicId,
                ["start"] = "21:00",
                ["end"] = "08:00",
            }
        );

        Assert.Contains(
            "Closed on 2026-11-30. 1 session is still booked that day",
            await closed.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.OK, window.StatusCode);
        Assert.Contains(
            "The window must end after it starts",
            await window.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        var clinic = await booking.GetAsync($"/api/clinics/{booking.ClinicId}");
        Assert.Contains("2026-11-30", clinic.GetProperty("closedDates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("08:00", clinic.GetProperty("sendingWindow").GetProperty("start").GetString());
    }

    [Fact]
    public async Task Settings_SavesTheCancelNotice_AndRefusesOneOverThirtyDays()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);

        var saved = await PostFormAsync(
            browser,
            "/settings",
            "/settings?handler=CancelNotice",
            new() { ["clinicId"] = booking.ClinicId, ["cancelNotice"] = "P2D" }
        );
        var refused = await PostFormAsync(
            browser,
            "/settings",
            "/settings?handler=CancelNotice",
            new() { ["clinicId"] = booking.ClinicId, ["cancelNotice"] = "P45D" }
        );

        Assert.Contains(
            "Patients may cancel from their link until PT48H before a session.",
            await saved.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(
            "Expected a duration from PT0S to P30D",
            await refused.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        var clinic = await booking.GetAsync($"/api/clinics/{booking.ClinicId}");
        Assert.Equal("PT48H", clinic.GetProperty("cancelNotice").GetString());
    }

    [Theory]
    [InlineData(Roles.Ops, "/ops/delivery", "Lateness of messages sent")]
    [InlineData(Roles.Admin, "/settings", "Protocol templates")]
    [InlineData(Roles.Admin, "/settings/users", "frontdesk@test.local")]
    [InlineData(Roles.Admin, "/settings/audit", "Audit log")]
    [InlineData(Roles.Clinician, "/alerts", "Safety alerts")]
    public async Task OpsAndSettingsPages_Render(string role, string path, string expected)
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, role);

        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_SavesAClinicsWording_RefusesAnIndiscreetOne_AndGoesBackToTheBuiltIn()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);
        Dictionary<string, string> Wording(string body) =>
            new()
            {
                ["clinicId"] = booking.ClinicId,
                ["kind"] = "Reminder",
                ["channel"] = "Sms",
                ["language"] = "en",
                ["subject"] = "",
                ["body"] = body,
            };

        var refused = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=Wording",
                Wording("Your ketamine visit is on {{ date }}.")
            )
        ).Content.ReadAsStringAsync();
        var saved = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=Wording",
                Wording("{{ clinic }}: see you {{ date }} at {{ time }}.")
            )
        ).Content.ReadAsStringAsync();
        var reset = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=ResetWording",
                new()
                {
                    ["clinicId"] = booking.ClinicId,
                    ["kind"] = "Reminder",
                    ["channel"] = "Sms",
                    ["language"] = "en",
                }
            )
        ).Content.ReadAsStringAsync();

        Assert.Contains("must not name a drug or a diagnosis; found: ketamine", refused, StringComparison.Ordinal);
        Assert.Contains("Saved the wording of Reminder by Sms.", saved, StringComparison.Ordinal);
        Assert.Contains(
            "{{ clinic }}: see you {{ date }} at {{ time }}.",
            System.Net.WebUtility.HtmlDecode(saved),
            StringComparison.Ordinal
        );
        Assert.Contains("The built-in wording of Reminder by Sms applies again.", reset, StringComparison.Ordinal);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var templates = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(
            new Uri($"/api/clinics/{booking.ClinicId}/message-templates", UriKind.Relative)
        );
        Assert.True(
            templates
                .EnumerateArray()
                .Single(t =>
                    t.GetProperty("kind").GetString() == "Reminder" && t.GetProperty("channel").GetString() == "Sms"
                )
                .GetProperty("builtIn")
                .GetBoolean()
        );
    }

    [Fact]
    public async Task Settings_AddsAClinicTemplate_RefusesABadOne_AndRetiresIt()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);
        Dictionary<string, string> Template(string code, string reminders) =>
            new()
            {
                ["ClinicId"] = booking.ClinicId,
                ["Code"] = code,
                ["Name"] = "Weekly IV",
                ["Medication"] = "KetamineIv",
                ["SessionCount"] = "4",
                ["SessionMinutes"] = "100",
                ["MinDaysBetween"] = "6",
                ["MaxDaysBetween"] = "8",
                ["RemsFormDueDays"] = "",
                ["DayBeforeCheck"] = "true",
                ["Reminders"] = reminders,
                ["FollowUps"] = "PostSessionCheck PT3H each\nPhq9 P7D 2,4",
            };

        var refused = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=CreateTemplate",
                Template("weekly-page", "Sms PT24H\nPigeon PT1H")
            )
        ).Content.ReadAsStringAsync();
        var added = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=CreateTemplate",
                Template("weekly-page", "Sms PT24H\nEmail PT72H")
            )
        ).Content.ReadAsStringAsync();
        var bookable = await booking.GetAsync($"/api/templates?clinicId={booking.ClinicId}");
        var created = bookable.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "weekly-page");
        var retired = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=RetireTemplate",
                new() { ["templateId"] = created.GetProperty("id").GetString()! }
            )
        ).Content.ReadAsStringAsync();

        Assert.Contains("Expected one of Email, Sms.", refused, StringComparison.Ordinal);
        Assert.Contains("Added the template weekly-page.", added, StringComparison.Ordinal);
        Assert.Equal("PT1H40M", created.GetProperty("sessionDuration").GetString());
        Assert.Equal(2, created.GetProperty("reminders").GetArrayLength());
        Assert.Equal(
            [2, 4],
            created.GetProperty("followUps")[1].GetProperty("sessions").EnumerateArray().Select(n => n.GetInt32())
        );
        Assert.Contains("Retired weekly-page", retired, StringComparison.Ordinal);
        Assert.DoesNotContain(
            (await booking.GetAsync($"/api/templates?clinicId={booking.ClinicId}")).EnumerateArray(),
            t => t.GetProperty("code").GetString() == "weekly-page"
        );
    }

    [Fact]
    public async Task Settings_RefusesRetiringAChairWithSessionsToCome_SayingHowMany()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        var chair = (await AppointmentsAsync(sessions[0]))[sessions[0]].ChairId;
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);

        var refused = await (
            await PostFormAsync(
                browser,
                "/settings",
                "/settings?handler=RetireChair",
                new() { ["clinicId"] = booking.ClinicId, ["chairId"] = chair.ToString() }
            )
        ).Content.ReadAsStringAsync();

        Assert.Contains(
            "6 sessions still to come are booked on Chair 1: move or cancel them first.",
            refused,
            StringComparison.Ordinal
        );
        Assert.Equal(2, (await booking.GetAsync($"/api/clinics/{booking.ClinicId}")).GetProperty("chairs").GetInt32());
    }

    [Fact]
    public async Task AlertLink_FromAnOnCallMessage_MarksThatAlert()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var alert = new Scheduling.Domain.Alerts.SafetyAlert
        {
            PatientId = Guid.Parse(booking.PatientId),
            ClinicId = Guid.Parse(booking.ClinicId),
            Kind = Scheduling.Domain.Alerts.AlertKind.SelfHarmRisk,
            CreatedAt = app.Clock.GetCurrentInstant(),
        };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            db.Alerts.Add(alert);
            await db.SaveChangesAsync();
        }

        using var clinician = await SignIn.BrowserAsync(app, Roles.Clinician);

        var linked = await clinician.GetStringAsync(new Uri($"/alerts/{alert.Id}", UriKind.Relative));
        var unknown = await clinician.GetStringAsync(new Uri($"/alerts/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Contains($"class=\"card linked\" id=\"alert-{alert.Id}\"", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer open", linked, StringComparison.Ordinal);
        Assert.Contains("no longer open", unknown, StringComparison.Ordinal);
    }

    /// <summary>
    /// Esketamine on the booking page: without the patient's REMS enrollment the booking is refused and
    /// says why; "REMS enrollment pending" books it and opens a `rems` task.
    /// </summary>
    [Fact]
    public async Task BookingPage_RefusesEsketamineWithoutEnrollment_AndBooksItMarkedPending()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = $"/patients/{booking.PatientId}/book";
        var form = new Dictionary<string, string>
        {
            ["Input.TemplateCode"] = "esketamine-induction",
            ["Input.FirstStart"] = "2026-11-30T09:00",
        };

        var previewed = await (
            await PostFormAsync(browser, page, $"{page}?handler=Preview", new(form))
        ).Content.ReadAsStringAsync();
        var refused = await PostFormAsync(browser, page, $"{page}?handler=Book", new(form));
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var none = await booking.GetAsync(
            $"/api/appointments?from=2026-11-30&to=2026-12-31&clinicId={booking.ClinicId}"
        );
        var booked = await PostFormAsync(
            browser,
            page,
            $"{page}?handler=Book",
            new(form) { ["Input.RemsEnrollmentPending"] = "true" }
        );
        var tasks = await booking.GetAsync("/api/work-items?list=rems");

        Assert.Contains("name=\"Input.RemsEnrollmentPending\"", previewed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("REMS enrollment", refusedHtml, StringComparison.Ordinal);
        Assert.Empty(none.EnumerateArray());
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        Assert.Contains(tasks.EnumerateArray(), t =>
            t.GetProperty("kind").GetString() == "RemsEnrollmentPending"
            && t.GetProperty("patientId").GetString() == booking.PatientId
        );
    }

    /// <summary>
    /// Times typed on the booking page are held against every rule in one planner run: a refused booking shows the
    /// plan that refused it, session by session; the same times fixed are booked as shown.
    /// </summary>
    [Fact]
    public async Task BookingPage_ShowsTheRefusingPlan_ThenBooksTheTimesAsShown()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = $"/patients/{booking.PatientId}/book";
        var preview = await booking.Http.PostAsJsonAsync(
            new Uri("/api/series/preview", UriKind.Relative),
            booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
        );
        var starts = (await preview.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())
            .GetProperty("sessions")
            .EnumerateArray()
            .Select(s => s.GetProperty("start").GetString()!)
            .ToList();
        Dictionary<string, string> Form(IReadOnlyList<string> times) =>
            new Dictionary<string, string>
            {
                ["Input.TemplateCode"] = "ketamine-iv-induction",
                ["Input.FirstStart"] = "2026-11-30T09:00",
            }
                .Concat(times.Select((t, i) => KeyValuePair.Create($"Input.Starts[{i}]", t)))
                .ToDictionary();

        var refused = await PostFormAsync(
            browser,
            page,
            $"{page}?handler=Book",
            Form([starts[0], "2026-11-30T13:00", .. starts.Skip(2)])
        );
        var shown = await refused.Content.ReadAsStringAsync();
        var booked = await PostFormAsync(browser, page, $"{page}?handler=Book", Form(starts));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The series cannot be booked as shown", shown, StringComparison.Ordinal);
        Assert.Contains(
            "Session 2 at Mon 30 Nov 13:00 cannot be booked: it is 0 days after session 1",
            shown,
            StringComparison.Ordinal
        );
        Assert.Contains("value=\"2026-11-30T13:00\"", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var series = await booking.GetAsync(
            $"/api/appointments?from=2026-11-30&to=2026-12-31&clinicId={booking.ClinicId}"
        );
        Assert.Equal(starts, series.EnumerateArray().Select(a => a.GetProperty("start").GetString()));
    }

    /// <summary>
    /// The move page confirms what its preview showed, or nothing: times that changed in between are refused.
    /// </summary>
    [Fact]
    public async Task MoveRestPage_MovesWhatThePreviewShowed_AndRefusesAConfirmationWhoseTimesChanged()
    {
        using var booking = await BookingClient.CreateAsync(app);
        var sessions = await BookAsync(booking);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = $"/sessions/{sessions[4]}/move-rest";

        var previewed = await (
            await PostFormAsync(browser, page, $"{page}?handler=Preview", new() { ["Start"] = "2026-12-14T10:00" })
        ).Content.ReadAsStringAsync();
        var times = Previewed().Matches(previewed).Select(m => m.Groups["time"].Value).ToList();
        var stale = await PostFormAsync(
            browser,
            page,
            $"{page}?handler=Confirm",
            new()
            {
                ["Start"] = "2026-12-14T10:00",
                ["Previewed[0]"] = times[0],
                ["Previewed[1]"] = "2026-12-17T10:00",
            }
        );
        var staleHtml = await stale.Content.ReadAsStringAsync();
        var unchanged = await AppointmentsAsync(sessions[4]);
        var confirmed = await (
            await PostFormAsync(
                browser,
                page,
                $"{page}?handler=Confirm",
                new()
                {
                    ["Start"] = "2026-12-14T10:00",
                    ["Previewed[0]"] = times[0],
                    ["Previewed[1]"] = times[1],
                }
            )
        ).Content.ReadAsStringAsync();

        Assert.Equal(["2026-12-14T10:00", "2026-12-16T10:00"], times);
        Assert.Contains("The free times changed since the preview", staleHtml, StringComparison.Ordinal);
        Assert.Equal(0, unchanged[sessions[4]].Revision);
        Assert.Contains("Moved 2 sessions", confirmed, StringComparison.Ordinal);
        var moved = await AppointmentsAsync(sessions[4], sessions[5]);
        Assert.Equal(new NodaTime.LocalDateTime(2026, 12, 14, 10, 0), moved[sessions[4]].LocalStart);
        Assert.Equal(new NodaTime.LocalDateTime(2026, 12, 16, 10, 0), moved[sessions[5]].LocalStart);
    }

    private static async Task<IReadOnlyList<Guid>> BookAsync(BookingClient booking)
    {
        var series = await booking.Http.CreatedAsync(
            "/api/series",
            booking.Series("ketamine-iv-induction", "2026-11-30T09:00")
        );
        return series.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
    }

    private async Task<Dictionary<Guid, Appointment>> AppointmentsAsync(params Guid[] ids)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db.Appointments.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id);
    }

    [Fact]
    public async Task SettingsUsers_AddsChangesAndDisables_AndShowsRefusals()
    {
        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);

        var weak = await (
            await PostFormAsync(
                browser,
                "/settings/users",
                "/settings/users",
                new()
                {
                    ["Input.Email"] = "form.user@clinic.test",
                    ["Input.Password"] = "short",
                    ["Input.Roles"] = "Nurse",
                }
            )
        ).Content.ReadAsStringAsync();
        var added = await (
            await PostFormAsync(
                browser,
                "/settings/users",
                "/settings/users",
                new()
                {
                    ["Input.Email"] = "form.user@clinic.test",
                    ["Input.Password"] = "a-long-enough-password",
                    ["Input.Roles"] = Roles.Ops,
                }
            )
        ).Content.ReadAsStringAsync();
        var id = EditLink().Match(added).Groups["id"].Value;
        var changed = await (
            await PostFormAsync(
                browser,
                "/settings/users",
                "/settings/users?handler=Change",
                new() { ["userId"] = id, ["Input.Roles"] = Roles.Clinician }
            )
        ).Content.ReadAsStringAsync();
        var disabled = await (
            await PostFormAsync(
                browser,
                "/settings/users",
                "/settings/users?handler=Disable",
                new() { ["userId"] = id }
            )
        ).Content.ReadAsStringAsync();

        Assert.Contains("at least 12 characters", weak, StringComparison.Ordinal);
        Assert.Contains("Unknown role", weak, StringComparison.Ordinal);
        Assert.Contains("form.user@clinic.test can now sign in as Ops", added, StringComparison.Ordinal);
        Assert.Contains("form.user@clinic.test now works as Clinician", changed, StringComparison.Ordinal);
        Assert.Contains("form.user@clinic.test is disabled", disabled, StringComparison.Ordinal);
        var signIn = await SignIn.WithFormAsync(app.CreateBrowser(), "form.user@clinic.test", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    /// <summary>
    /// Takes the anti-forgery token from a page, as the browser's form would carry it, and posts the fields.
    /// </summary>
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

    [GeneratedRegex(
        "edit=(?<id>[0-9a-f-]+)\">Change roles and clinics<span\\s+class=\"visually-hidden\"> of form.user@"
    )]
    private static partial Regex EditLink();

    [GeneratedRegex("name=\"Previewed\\[\\d+\\]\"\\s+value=\"(?<time>[^\"]+)\"")]
    private static partial Regex Previewed();
}
