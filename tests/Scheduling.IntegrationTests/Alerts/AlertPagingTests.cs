using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Alerts;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.IntegrationTests.Surveys;

namespace Scheduling.IntegrationTests.Alerts;

/// <summary>
/// A self-harm alert raised through the survey page, paged by the real dispatcher through the real
/// Twilio SDK and SMTP client: a page that fails goes to the next on-call contact at once, an alert
/// nobody acknowledges is paged again every Alerts:RepageAfter down the list, and the alert lists its pages.
/// </summary>
public sealed class AlertPagingTests(MessagingApp app) : IClassFixture<MessagingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly Duration RepageAfter = Duration.FromMinutes(10);
    private static int _phones;

    /// <summary>
    /// The contacts in the clinic's order: the fixture's own, then two added one by one; or, given
    /// together, three given in one POST /api/clinics, in the request's order.
    /// </summary>
    private sealed record Raised(Guid Alert, Guid[] Contacts, string[] Phones, string[] Names);

    private async Task<Raised> RaiseAsync(bool together = false)
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 26, 15, 0));
        var n = Interlocked.Add(ref _phones, 3);
        string[] added = together
            ? [$"+1202555{300 + n:D4}", $"+1202555{301 + n:D4}", $"+1202555{302 + n:D4}"]
            : [$"+1202555{300 + n:D4}", $"+1202555{301 + n:D4}"];
        object Contact(int i) =>
            new
            {
                name = $"Backup {n}-{"zam"[i]}",
                email = $"backup{n}-{i}@clinic.test",
                phone = added[i],
            };
        using var desk = await BookingClient.CreateAsync(
            app,
            onCall: together ? [Contact(0), Contact(1), Contact(2)] : null
        );
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        for (var i = 0; !together && i < added.Length; i++)
        {
            await admin.CreatedAsync($"/api/clinics/{desk.ClinicId}/on-call", Contact(i));
        }

        var series = desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        await desk.Http.CreatedAsync("/api/series", series);
        var patient = Guid.Parse(desk.PatientId);
        var baseline = await DbAsync(db =>
            db.Surveys.AsNoTracking()
                .SingleAsync(s =>
                    s.PatientId == patient && s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline
                )
        );
        app.Clock.Reset(baseline.DueAt);
        await app.DispatchAsync();
        var invitation = await DbAsync(db =>
            db.Messages.AsNoTracking().SingleAsync(m => m.SurveyId == baseline.Id && m.State == MessageState.Sent)
        );
        var token = SurveyPage.TokenIn(app.Twilio.Messages.Single(m => m.Sid == invitation.ProviderId).Form["Body"]);
        using var phone = app.CreateBrowser();
        var (answered, _) = await SurveyPage.AnswerAsync(phone, token!, SurveyPage.Phq9(item9: 1));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var alert = await DbAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.SurveyId == baseline.Id));
        var clinic = Guid.Parse(desk.ClinicId);
        var contacts = await DbAsync(db =>
            db.Set<OnCallContact>()
                .AsNoTracking()
                .Where(c => c.ClinicId == clinic)
                .OrderBy(c => c.Position)
                .ThenBy(c => c.Id)
                .ToListAsync()
        );
        Assert.Equal(added, contacts.Skip(together ? 0 : 1).Select(c => c.Phone));
        return new Raised(
            alert.Id,
            [.. contacts.Select(c => c.Id)],
            [.. contacts.Select(c => c.Phone)],
            [.. contacts.Select(c => c.Name)]
        );
    }

    [Fact]
    public async Task APageRefusedAtSend_GoesToTheNextContactAtOnce_OnTheSameChannel()
    {
        var raised = await RaiseAsync();

        await DispatchRefusingAsync(raised.Phones[1]);

        var pages = await PagesAsync(raised.Alert);
        var refused = pages.Single(p => p.OnCallContactId == raised.Contacts[1] && p.Channel == Channel.Sms);
        Assert.Equal(MessageState.Failed, refused.State);
        var next = Assert.Single(pages, p => p.PlanKey.IsFailover);
        Assert.Equal(
            (raised.Contacts[2], Channel.Sms, MessageState.Sent),
            (next.OnCallContactId, next.Channel, next.State)
        );
        var toThird = app.Twilio.Messages.Where(m => m.To == raised.Phones[2]);
        Assert.Equal(2, toThird.Count(m => m.Form["Body"].Contains(raised.Alert.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task APageRefusedForTheFirstOfContactsGivenTogether_GoesToTheSecondAsTheRequestGaveThem()
    {
        var raised = await RaiseAsync(together: true);

        await DispatchRefusingAsync(raised.Phones[0]);

        var pages = await PagesAsync(raised.Alert);
        var refused = pages.Single(p => p.OnCallContactId == raised.Contacts[0] && p.Channel == Channel.Sms);
        Assert.Equal(MessageState.Failed, refused.State);
        var next = Assert.Single(pages, p => p.PlanKey.IsFailover);
        Assert.Equal(
            (raised.Contacts[1], Channel.Sms, MessageState.Sent),
            (next.OnCallContactId, next.Channel, next.State)
        );
        Assert.EndsWith("-a", raised.Names[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUndeliveredPage_GoesToTheNextContact_OnceHoweverOftenTwilioReportsIt()
    {
        var raised = await RaiseAsync();
        await app.DispatchAsync();
        var last = (await PagesAsync(raised.Alert)).Single(p =>
            p.OnCallContactId == raised.Contacts[2] && p.Channel == Channel.Sms
        );
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = last.ProviderId!,
            ["MessageStatus"] = "undelivered",
            ["ErrorCode"] = "30003",
        };

        for (var callback = 0; callback < 2; callback++)
        {
            var answer = await app.PostAsTwilioAsync("/webhooks/twilio/status", form);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        await app.DispatchAsync();

        var pages = await PagesAsync(raised.Alert);
        var undelivered = pages.Single(p => p.Id == last.Id);
        Assert.Equal((MessageState.Failed, "Undelivered"), (undelivered.State, undelivered.Reason));
        var next = Assert.Single(pages, p => p.PlanKey.IsFailover);
        Assert.Equal(
            (raised.Contacts[0], Channel.Sms, MessageState.Sent),
            (next.OnCallContactId, next.Channel, next.State)
        );
    }

    [Fact]
    public async Task AnUnacknowledgedAlert_IsPagedAgainEveryRepageAfter_DownTheList_UntilAcknowledged()
    {
        var raised = await RaiseAsync();
        await app.DispatchAsync();
        var job = app.Services.GetRequiredService<AlertRepageJob>();

        app.Clock.Advance(RepageAfter - Duration.FromSeconds(1));
        await job.RunAsync(CancellationToken.None);
        Assert.Empty(await RepagesAsync(raised.Alert));

        var contactsPaged = new List<Guid>();
        for (var round = 1; round <= 4; round++)
        {
            app.Clock.Advance(round == 1 ? Duration.FromSeconds(1) : RepageAfter);
            await job.RunAsync(CancellationToken.None);
            await job.RunAsync(CancellationToken.None);
            await app.DispatchAsync();
            var repages = (await RepagesAsync(raised.Alert))
                .Where(p => p.PlanKey.Round == round && !p.PlanKey.IsFailover)
                .ToList();
            Assert.Equal([Channel.Email, Channel.Sms], repages.Select(p => p.Channel).Order());
            Assert.All(repages, p => Assert.Equal(MessageState.Sent, p.State));
            contactsPaged.Add(repages.Select(p => p.OnCallContactId!.Value).Distinct().Single());
        }

        Assert.Equal([raised.Contacts[0], raised.Contacts[1], raised.Contacts[2], raised.Contacts[0]], contactsPaged);
        await AcknowledgeAsync(raised.Alert);
        app.Clock.Advance(RepageAfter * 3);
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(8, (await RepagesAsync(raised.Alert)).Count);
    }

    [Fact]
    public async Task PagesPlannedWhenTheAlertIsAcknowledged_AreNotSent()
    {
        var raised = await RaiseAsync();

        await AcknowledgeAsync(raised.Alert);

        Assert.All(await PagesAsync(raised.Alert), p =>
            Assert.Equal((MessageState.Suppressed, "AlertAcknowledged"), (p.State, p.Reason))
        );
    }

    [Fact]
    public async Task OneAlert_ListsEveryPage_WithItsContactChannelSentAtAndState_ForCliniciansOnly()
    {
        var raised = await RaiseAsync();
        await DispatchRefusingAsync(raised.Phones[1]);
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var alert = await clinician.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/alerts/{raised.Alert}", UriKind.Relative)
        );

        Assert.Equal(raised.Alert.ToString(), alert.GetProperty("id").GetString());
        Assert.Equal(
            ("SelfHarmRisk", "Open"),
            (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString())
        );
        var pages = alert
            .GetProperty("pages")
            .EnumerateArray()
            .Select(p =>
                (
                    Contact: p.GetProperty("contact").GetString(),
                    Channel: p.GetProperty("channel").GetString(),
                    State: p.GetProperty("state").GetString(),
                    SentAt: p.GetProperty("sentAt").GetString()
                )
            )
            .ToList();
        Assert.Equal(7, pages.Count);
        Assert.Contains((raised.Names[1], "Sms", "Failed", (string?)null), pages);
        var toThird = pages.Where(p => p.Contact == raised.Names[2]);
        Assert.Equal(2, toThird.Count(p => p is { Channel: "Sms", State: "Sent", SentAt: not null }));
        Assert.All(pages.Where(p => p.Channel == "Email"), p => Assert.Equal("Sent", p.State));
        var unknown = await clinician.GetAsync(new Uri($"/api/alerts/{Guid.NewGuid()}", UriKind.Relative));
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var forbidden = await desk.GetAsync(new Uri($"/api/alerts/{raised.Alert}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private async Task DispatchRefusingAsync(string phone)
    {
        app.Twilio.FailRecipient(phone, TwilioFailure.InvalidTo);
        try
        {
            await app.DispatchAsync();
        }
        finally
        {
            app.Twilio.Heal(phone);
        }
    }

    private async Task AcknowledgeAsync(Guid alert)
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var path = new Uri($"/api/alerts/{alert}/acknowledge", UriKind.Relative);
        var answer = await clinician.PostAsJsonAsync(path, new { });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private Task<List<PlannedMessage>> PagesAsync(Guid alert) =>
        DbAsync(db =>
            db.Messages.AsNoTracking().Where(m => m.AlertId == alert && m.Kind == MessageKind.SafetyAlert).ToListAsync()
        );

    private async Task<List<PlannedMessage>> RepagesAsync(Guid alert) =>
        [.. (await PagesAsync(alert)).Where(p => p.PlanKey.Round > 0)];

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }
}
