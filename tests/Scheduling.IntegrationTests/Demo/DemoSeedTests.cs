using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Demo;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Core.Users;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Demo;

/// <summary>
/// `seed --demo` builds a living clinic around the present: today's chairs busy, scores that show response and a
/// booster due, an open safety alert, a task on every worklist, messages due that a worker sends, and the patient
/// list filled before a search. Everything is read back through the API and the pages, as staff see it.
/// </summary>
public sealed class DemoSeedTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string[] Worklists =
    [
        "messages",
        "rides",
        "rems",
        "callbacks",
        "booster",
        "unanswered",
        "maintenance",
    ];

    [Fact]
    public async Task Today_HasSessionsDone_InProgress_AndToCome()
    {
        var now = DemoApp.SeededAt;
        var today = await DbAsync(async db =>
        {
            var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == app.Seeded.ClinicId);
            Assert.Equal("America/New_York", clinic.TimeZoneId);
            var date = now.InZone(DateTimeZoneProviders.Tzdb[clinic.TimeZoneId]).Date;
            var appointments = await db.Appointments.AsNoTracking().Where(a => a.ClinicId == clinic.Id).ToListAsync();
            return appointments.Where(a => a.LocalStart.Date == date).ToList();
        });

        Assert.Contains(today, a => a.Status == AppointmentStatus.Completed && a.EndInstant <= now);
        Assert.Contains(today, a =>
            a.Status == AppointmentStatus.Arrived && a.StartInstant <= now && now < a.EndInstant
        );
        Assert.Contains(today, a => a.Status == AppointmentStatus.Booked && a.StartInstant > now);
        Assert.True(today.Count >= 6, $"Expected a busy day, found {today.Count} sessions.");
    }

    [Fact]
    public async Task Scores_ShowResponse_AndABoosterDue()
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var sam = await PatientIdAsync("Okafor");
        var surveys = await clinician.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/patients/{sam}/surveys", UriKind.Relative)
        );

        Assert.Contains(surveys.EnumerateArray(), s =>
            s.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.True
        );
        var booster = await ListAsync(clinician, "booster");
        var jordan = await PatientIdAsync("Lee");
        Assert.Contains(booster, item => item.GetProperty("patientId").GetGuid() == jordan);
    }

    [Fact]
    public async Task ASafetyAlert_IsOpen()
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var alerts = await clinician.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts?state=open", UriKind.Relative));
        var riley = await PatientIdAsync("Chen");

        Assert.Contains(alerts.EnumerateArray(), a =>
            a.GetProperty("patientId").GetGuid() == riley
            && a.GetProperty("kind").GetString() == nameof(AlertKind.SelfHarmRisk)
        );
    }

    [Fact]
    public async Task EveryWorklist_HasAnItem()
    {
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        foreach (var list in Worklists)
        {
            Assert.True((await ListAsync(desk, list)).Count > 0, $"The {list} worklist is empty.");
        }
    }

    [Fact]
    public async Task DueMessages_AreSentByAWorker_ByEmailToTheSmtpServer_AndBySmsToTwilio()
    {
        var due = await DbAsync(db =>
            db.Messages.AsNoTracking()
                .Where(m => m.State == MessageState.Planned && m.DueAt <= DemoApp.SeededAt)
                .ToListAsync()
        );
        Assert.Contains(due, m => m.Channel == Channel.Email);
        Assert.Contains(due, m => m.Channel == Channel.Sms);
        Assert.Contains(due, m => m.AlertId is not null);

        await app.DispatchAsync();

        var sent = await DbAsync(db =>
            db.Messages.AsNoTracking().Where(m => due.Select(d => d.Id).Contains(m.Id)).ToListAsync()
        );
        Assert.All(sent, m => Assert.Equal(MessageState.Sent, m.State));
        Assert.Contains(app.Smtp.Received, e => e.To.Contains("oncall@demo.local"));
        Assert.Contains(app.Smtp.Received, e => e.To.Contains("jamie.fischer@example.com"));
        Assert.Contains(app.Twilio.Messages, m => m.To == "+12025550199");
    }

    [Fact]
    public async Task ASecondRun_AddsNothing()
    {
        var before = await CountsAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

        Assert.False(again.SeededNow);
        Assert.Equal(app.Seeded.ClinicId, again.ClinicId);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task PatientList_ShowsRecentPatients_WithoutASearch_OnlyFromTheUsersClinics()
    {
        using var desk = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = await desk.GetStringAsync(new Uri("/patients", UriKind.Relative));

        Assert.Contains("Recently seen or booked", page, StringComparison.Ordinal);
        foreach (var story in DemoStories.All)
        {
            Assert.Contains($"{story.LastName}, {story.FirstName}", page, StringComparison.Ordinal);
        }

        // Most recent first: booked a minute ago before seen this morning before last seen five weeks ago.
        var order = new[] { "Fischer, Jamie", "Chen, Riley", "Lee, Jordan" }
            .Select(name => page.IndexOf(name, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(order.Order(), order);

        using var elsewhere = await ElsewhereDeskAsync();
        var theirs = await elsewhere.GetStringAsync(new Uri("/patients", UriKind.Relative));
        Assert.DoesNotContain("Rivera", theirs, StringComparison.Ordinal);
        Assert.Contains("No patients yet.", theirs, StringComparison.Ordinal);
    }

    /// <summary>A front desk limited to another clinic, with no patients of its own.</summary>
    private async Task<HttpClient> ElsewhereDeskAsync()
    {
        const string email = "elsewhere@test.local";
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Elsewhere Clinic"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var problems = await scope
                .ServiceProvider.GetRequiredService<UserAccounts>()
                .AddAsync(email, SchedulingApp.Password, Roles.FrontDesk, [clinic.GetProperty("id").GetGuid()]);
            Assert.Empty(problems);
        }

        var browser = app.CreateBrowser();
        var response = await SignIn.WithFormAsync(browser, email, SchedulingApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string list)
    {
        var items = await client.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/work-items?list={list}&state=open", UriKind.Relative)
        );
        return [.. items.EnumerateArray()];
    }

    private Task<Guid> PatientIdAsync(string lastName) =>
        DbAsync(db => db.Patients.AsNoTracking().Where(p => p.LastName == lastName).Select(p => p.Id).SingleAsync());

    private Task<(int, int, int, int, int)> CountsAsync() =>
        DbAsync(async db =>
            (
                await db.Clinics.CountAsync(),
                await db.Patients.CountAsync(),
                await db.Appointments.CountAsync(),
                await db.Surveys.CountAsync(),
                await db.Messages.CountAsync()
            )
        );

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }
}
