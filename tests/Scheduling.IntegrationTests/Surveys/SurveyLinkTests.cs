using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// Survey links as a patient (or someone else) uses them: the real invitation through the fake Twilio
/// server, then the page. Wrong, guessed, expired and reused links get a friendly page naming nobody.
/// </summary>
public sealed class SurveyLinkTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static int _phones;

    /// <summary>Everything about the patient and the clinic a page could leak.</summary>
    private static readonly string[] PatientData = ["Alex", "Harbor Infusion Clinic", "example.com", "555"];

    private sealed record Invited(BookingClient Desk, Guid Patient, string Phone, Survey Survey, string Token);

    /// <summary>
    /// Books a series, moves the clock to the baseline PHQ-9's invitation, sends it, and reads the link from the SMS.
    /// </summary>
    private async Task<Invited> InvitedAsync(
        string lastName,
        Instrument instrument = Instrument.Phq9,
        SurveyOccasion occasion = SurveyOccasion.Baseline
    )
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 300:D4}";
        var patient = Guid.Parse(await desk.NewPatientAsync(lastName, phone));
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00", patientId: patient.ToString())
        );
        var survey = await SurveyAsync(s =>
            s.PatientId == patient && s.Instrument == instrument && s.Occasion == occasion
        );
        app.Clock.Reset(survey.DueAt);
        await app.DispatchAsync();
        var invitation = await MessageAsync(m => m.SurveyId == survey.Id && m.Kind == MessageKind.SurveyInvitation);
        Assert.Equal(MessageState.Sent, invitation.State);
        var sms = app.Twilio.Messages.Single(m => m.Sid == invitation.ProviderId);
        Assert.Equal(phone, sms.To);
        return new Invited(
            desk,
            patient,
            phone,
            survey,
            SurveyPage.TokenIn(sms.Form["Body"]) ?? throw new InvalidOperationException("No link in the SMS.")
        );
    }

    private async Task<Survey> SurveyAsync(System.Linq.Expressions.Expression<Func<Survey, bool>> where)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Surveys.AsNoTracking()
            .Include(s => s.Answers)
            .SingleAsync(where);
    }

    private async Task<PlannedMessage> MessageAsync(
        System.Linq.Expressions.Expression<Func<PlannedMessage, bool>> where
    )
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Messages.AsNoTracking()
            .SingleAsync(where);
    }

    private static void AssertNamesNobody(string body)
    {
        Assert.DoesNotContain(PatientData, data => body.Contains(data, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("PHQ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_CarriesALinkWhoseHashAloneIsStored_AndMarksTheSurveySent()
    {
        var invited = await InvitedAsync("Hashed");
        using var _1 = invited.Desk;

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var link = await db.SurveyLinks.AsNoTracking().SingleAsync(l => l.SurveyId == invited.Survey.Id);
        Assert.Equal(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(invited.Token)),
            link.TokenHash
        );
        Assert.Equal(SurveyState.Sent, (await SurveyAsync(s => s.Id == invited.Survey.Id)).State);
        var sms = app.Twilio.Messages.Last(m => m.To == invited.Phone).Form["Body"];
        Assert.DoesNotContain("PHQ", sms, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Hashed", sms, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ShowsThePublishedWordingAndScale_WhenTheLinkIsValid()
    {
        var invited = await InvitedAsync("Reader");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();

        var (response, body) = await SurveyPage.GetAsync(phone, invited.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var text = WebUtility.HtmlDecode(body);
        var phq9 = InstrumentCatalog.Get(Instrument.Phq9);
        Assert.All(phq9.Items, item => Assert.Contains(item.Text, text, StringComparison.Ordinal));
        Assert.All(phq9.Options, option => Assert.Contains(option.Label, text, StringComparison.Ordinal));
        Assert.Contains(phq9.Stem, text, StringComparison.Ordinal);
        Assert.Contains("name=\"q_9\"", body, StringComparison.Ordinal);
        Assert.Contains("<fieldset", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Reader", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guessed")]
    [InlineData("short")]
    [InlineData("not-a-token-at-all-but-far-too-long-to-be-one")]
    [InlineData("%2E%2E%2Fetc")]
    public async Task Get_Returns404AndAFriendlyPageNamingNobody_WhenTheLinkIsWrongOrGuessed(string kind)
    {
        using var phone = app.CreateBrowser();
        var token = kind == "guessed" ? SurveyToken.Mint().Token : kind;

        var (response, body) = await SurveyPage.GetAsync(phone, token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This link does not work", body, StringComparison.Ordinal);
        Assert.Contains("988", body, StringComparison.Ordinal);
        AssertNamesNobody(body);
    }

    [Fact]
    public async Task Post_Returns404AndStoresNothing_WhenTheLinkIsGuessed()
    {
        using var phone = app.CreateBrowser();
        var antiforgery = SurveyPage.AntiforgeryIn(await phone.GetStringAsync(new Uri("/login", UriKind.Relative)));

        var (response, body) = await SurveyPage.PostAsync(
            phone,
            SurveyToken.Mint().Token,
            SurveyPage.Phq9(item9: 2),
            antiforgery
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertNamesNobody(body);
    }

    [Fact]
    public async Task Link_Returns410AndAFriendlyPage_OnceTheSurveyHasExpired()
    {
        var invited = await InvitedAsync("Expired");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var (_, form) = await SurveyPage.GetAsync(phone, invited.Token);
        app.Clock.Reset(invited.Survey.ExpiresAt);

        var (get, getBody) = await SurveyPage.GetAsync(phone, invited.Token);
        var (post, postBody) = await SurveyPage.PostAsync(
            phone,
            invited.Token,
            SurveyPage.Phq9(),
            SurveyPage.AntiforgeryIn(form)
        );

        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (get.StatusCode, post.StatusCode));
        Assert.Contains("This link has expired", getBody, StringComparison.Ordinal);
        AssertNamesNobody(getBody);
        AssertNamesNobody(postBody);
        Assert.Contains("Harbor Infusion Clinic", form, StringComparison.Ordinal);
        Assert.Null((await SurveyAsync(s => s.Id == invited.Survey.Id)).CompletedAt);
    }

    [Fact]
    public async Task Post_CompletesTheSurveyOnce_AndAReusedLinkGetsTheFriendlyPage()
    {
        var invited = await InvitedAsync("Reused", Instrument.Phq9, SurveyOccasion.MidSeries);
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var antiforgery = SurveyPage.AntiforgeryIn((await SurveyPage.GetAsync(phone, invited.Token)).Body);

        var (first, thanks) = await SurveyPage.PostAsync(phone, invited.Token, SurveyPage.Phq9(others: 1), antiforgery);
        var (again, againBody) = await SurveyPage.GetAsync(phone, invited.Token);
        var (repost, repostBody) = await SurveyPage.PostAsync(
            phone,
            invited.Token,
            SurveyPage.Phq9(others: 3),
            antiforgery
        );

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Thank you", thanks, StringComparison.Ordinal);
        Assert.DoesNotContain("988 (", thanks, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (again.StatusCode, repost.StatusCode));
        Assert.Contains("already been answered", againBody, StringComparison.Ordinal);
        AssertNamesNobody(againBody);
        AssertNamesNobody(repostBody);
        var survey = await SurveyAsync(s => s.Id == invited.Survey.Id);
        Assert.Equal((SurveyState.Completed, 8, "Mild"), (survey.State, survey.TotalScore, survey.Band));
        Assert.Equal(9, survey.Answers.Count);
        Assert.Equal(
            MessageState.Suppressed,
            (await MessageAsync(m => m.SurveyId == survey.Id && m.Kind == MessageKind.SurveyReminder)).State
        );
        var listed = (await invited.Desk.GetAsync($"/api/patients/{invited.Patient}/surveys"))
            .EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == survey.Id.ToString());
        Assert.Equal(8, listed.GetProperty("score").GetInt32());
        Assert.Equal("Mild", listed.GetProperty("band").GetString());
        Assert.Equal("Completed", listed.GetProperty("state").GetString());
        Assert.EndsWith("Z", listed.GetProperty("completedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Returns400AndKeepsTheSurveyOpen_WhenAnswersAreMissingOrNotOnTheScale()
    {
        var invited = await InvitedAsync("Partial");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var answers = SurveyPage.Phq9();
        answers.Remove("4");
        answers["5"] = 7;

        var (response, body) = await SurveyPage.AnswerAsync(phone, invited.Token, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please answer this question.", body, StringComparison.Ordinal);
        Assert.Contains("Please choose one of the answers shown.", body, StringComparison.Ordinal);
        Assert.Equal(SurveyState.Sent, (await SurveyAsync(s => s.Id == invited.Survey.Id)).State);
    }

    /// <summary>The link's token is the page's only key: no antiforgery check (SurveyModel's remarks).</summary>
    [Fact]
    public async Task Post_CompletesTheSurvey_WithoutAnAntiforgeryToken_AndTheFormCarriesNone()
    {
        var invited = await InvitedAsync("Tokenless");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        using var content = new FormUrlEncodedContent(
            SurveyPage
                .Phq9()
                .ToDictionary(
                    a => "q_" + a.Key,
                    a => a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
                )
        );

        var form = await phone.GetAsync(new Uri($"/s/{invited.Token}", UriKind.Relative));
        var response = await phone.PostAsync(new Uri($"/s/{invited.Token}", UriKind.Relative), content);

        Assert.Empty(SurveyPage.AntiforgeryIn(await form.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SurveyState.Completed, (await SurveyAsync(s => s.Id == invited.Survey.Id)).State);
    }

    [Fact]
    public async Task Post_WithItem9Above0_RaisesOneOpenAlert_PagesTheOnCallByBothChannels_AndShowsCrisisResources()
    {
        var invited = await InvitedAsync("Paged");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var answers = SurveyPage.Phq9(item9: 1);
        answers.Remove("2");

        var (partial, partialBody) = await SurveyPage.AnswerAsync(phone, invited.Token, answers);
        var (complete, thanks) = await SurveyPage.AnswerAsync(phone, invited.Token, SurveyPage.Phq9(item9: 1));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (partial.StatusCode, complete.StatusCode));
        Assert.Contains("call or text 988", partialBody, StringComparison.Ordinal);
        Assert.Contains("call or text 988", thanks, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.SurveyId == invited.Survey.Id);
        Assert.Equal(
            (AlertKind.SelfHarmRisk, AlertState.Open, invited.Patient),
            (alert.Kind, alert.State, alert.PatientId)
        );
        var pages = await db.Messages.AsNoTracking().Where(m => m.AlertId == alert.Id).ToListAsync();
        Assert.Equal([Channel.Email, Channel.Sms], pages.Select(m => m.Channel).Order());
        Assert.All(pages, m => Assert.True(m.Urgent && m.OnCallContactId is not null && m.PatientId is null));

        await app.DispatchAsync();

        var sms = app.Twilio.Messages.Single(m =>
            m.To == "+12025550199" && m.Form["Body"].Contains(alert.Id.ToString(), StringComparison.Ordinal)
        );
        Assert.StartsWith("URGENT", sms.Form["Body"], StringComparison.Ordinal);
        Assert.Contains($"{MessagingApp.PublicBaseUrl}/alerts/{alert.Id}", sms.Form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Paged", sms.Form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Alex", sms.Form["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_CarriesALinkOfItsOwn_AndBothLinksOpenTheFormUntilItIsAnswered()
    {
        var invited = await InvitedAsync("Reminded", Instrument.Gad7, SurveyOccasion.MidSeries);
        using var _1 = invited.Desk;
        var reminder = await MessageAsync(m => m.SurveyId == invited.Survey.Id && m.Kind == MessageKind.SurveyReminder);
        app.Clock.Reset(reminder.DueAt);
        await app.DispatchAsync();
        var sent = await MessageAsync(m => m.Id == reminder.Id);
        var second = SurveyPage.TokenIn(app.Twilio.Messages.Single(m => m.Sid == sent.ProviderId).Form["Body"])!;
        using var phone = app.CreateBrowser();

        Assert.NotEqual(invited.Token, second);
        Assert.Equal(HttpStatusCode.OK, (await SurveyPage.GetAsync(phone, invited.Token)).Response.StatusCode);
        var answers = Enumerable
            .Range(1, 7)
            .ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => 0);
        Assert.Equal(HttpStatusCode.OK, (await SurveyPage.AnswerAsync(phone, second, answers)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await SurveyPage.GetAsync(phone, invited.Token)).Response.StatusCode);
    }

    [Fact]
    public async Task ExpiryJob_ClosesTheSurvey_SuppressesItsReminder_AndListsItAsUnanswered()
    {
        var invited = await InvitedAsync("Unanswered", Instrument.Gad7, SurveyOccasion.EndOfSeries);
        using var _1 = invited.Desk;
        app.Clock.Reset(invited.Survey.ExpiresAt);

        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<Scheduling.Core.Surveys.SurveyExpiryJob>();
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        Assert.Equal(SurveyState.Expired, (await SurveyAsync(s => s.Id == invited.Survey.Id)).State);
        var reminder = await MessageAsync(m => m.SurveyId == invited.Survey.Id && m.Kind == MessageKind.SurveyReminder);
        Assert.Equal((MessageState.Suppressed, "SurveyExpired"), (reminder.State, reminder.Reason));
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(
            1,
            await db.WorkItems.CountAsync(w =>
                w.SubjectId == invited.Survey.Id && w.Kind == Scheduling.Domain.Worklist.WorkItemKind.SurveyUnanswered
            )
        );
    }

    [Fact]
    public async Task Invitation_SentAgainAfterATransientFailure_CarriesANewLink_WhoseHashWasCommittedFirst()
    {
        app.Clock.Reset(MorningInNewYork);
        using var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 300:D4}";
        var patient = Guid.Parse(await desk.NewPatientAsync("Retried", phone));
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00", patientId: patient.ToString())
        );
        var survey = await SurveyAsync(s =>
            s.PatientId == patient && s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline
        );
        app.Clock.Reset(survey.DueAt - Duration.FromMinutes(1));
        await app.DispatchAsync();

        app.Clock.Reset(survey.DueAt);
        // Failed by recipient, not by count: other tests' messages due at this instant must not take the failures.
        app.Twilio.FailRecipient(phone, TwilioFailure.ServerError);
        await app.DispatchAsync();
        app.Twilio.Heal(phone);
        var failed = await MessageAsync(m => m.SurveyId == survey.Id && m.Kind == MessageKind.SurveyInvitation);
        Assert.Equal((MessageState.Planned, 1), (failed.State, failed.Attempts));
        Assert.Equal(SurveyState.Sent, (await SurveyAsync(s => s.Id == survey.Id)).State);

        app.Clock.Reset(failed.NextAttemptAt!.Value);
        await app.DispatchAsync();
        var sent = await MessageAsync(m => m.Id == failed.Id);
        var token = SurveyPage.TokenIn(app.Twilio.Messages.Single(m => m.Sid == sent.ProviderId).Form["Body"])!;

        await using var scope = app.Services.CreateAsyncScope();
        var hashes = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .SurveyLinks.Where(l => l.SurveyId == survey.Id)
            .CountAsync();
        Assert.Equal(2, hashes);
        using var browser = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await SurveyPage.GetAsync(browser, token)).Response.StatusCode);
    }
}
