using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// A self-harm answer is never lost (docs/domain.md, "The item-9 safety event"): PHQ-9 item 9 above 0 raises
/// exactly one alert whatever else the form holds, the answers are kept with it as the patient sent them
/// and shown to the clinician, and the patient gets the crisis resources back. Posts are form-encoded, as a
/// phone's browser sends them, and carry no antiforgery token unless the case is about a stale one.
/// </summary>
public sealed class SelfHarmAnswerTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private const string CrisisLine = "call or text 988";
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static int _phones;

    private sealed record Invited(BookingClient Desk, Guid Patient, Survey Survey, string Token);

    private async Task<Invited> InvitedAsync(string lastName)
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 600:D4}";
        var patient = Guid.Parse(await desk.NewPatientAsync(lastName, phone));
        var series = desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00", patientId: $"{patient}");
        await desk.Http.CreatedAsync("/api/series", series);
        var survey = await DbAsync(db =>
            db.Surveys.AsNoTracking()
                .SingleAsync(s =>
                    s.PatientId == patient && s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline
                )
        );
        app.Clock.Reset(survey.DueAt);
        await app.DispatchAsync();
        var invitation = await DbAsync(db =>
            db.Messages.AsNoTracking()
                .SingleAsync(m => m.SurveyId == survey.Id && m.Kind == MessageKind.SurveyInvitation)
        );
        var sms = app.Twilio.Messages.Single(m => m.Sid == invitation.ProviderId);
        var token = SurveyPage.TokenIn(sms.Form["Body"]) ?? throw new InvalidOperationException("No link in the SMS.");
        return new Invited(desk, patient, survey, token);
    }

    /// <summary>A form-encoded POST of exactly these fields ("9" → "q_9"), as a browser sends a form.</summary>
    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(
        HttpClient phone,
        string token,
        IEnumerable<KeyValuePair<string, string>> fields
    )
    {
        using var content = new FormUrlEncodedContent(
            fields.Select(f =>
                KeyValuePair.Create(f.Key.StartsWith("__", StringComparison.Ordinal) ? f.Key : "q_" + f.Key, f.Value)
            )
        );
        var response = await phone.PostAsync(new Uri($"/s/{token}", UriKind.Relative), content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Phq9(int item9, int others = 0) =>
        SurveyPage.Phq9(item9, others).ToDictionary(a => a.Key, a => a.Value.ToString(CultureInfo.InvariantCulture));

    private Task<Survey> SurveyAsync(Invited invited) =>
        DbAsync(db => db.Surveys.AsNoTracking().Include(s => s.Answers).SingleAsync(s => s.Id == invited.Survey.Id));

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    /// <summary>Exactly one alert for the survey, a self-harm one, open; the on-call paged once.</summary>
    private async Task<SafetyAlert> TheOneAlertAsync(Survey survey)
    {
        var alerts = await DbAsync(db => db.Alerts.AsNoTracking().Where(a => a.SurveyId == survey.Id).ToListAsync());
        var alert = Assert.Single(alerts);
        Assert.Equal((AlertKind.SelfHarmRisk, AlertState.Open), (alert.Kind, alert.State));
        var pages = await DbAsync(db => db.Messages.AsNoTracking().Where(m => m.AlertId == alert.Id).ToListAsync());
        Assert.Equal([Channel.Email, Channel.Sms], pages.Select(m => m.Channel).Order());
        return alert;
    }

    private async Task<JsonElement> AlertInApiAsync(Guid alertId)
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var alerts = await clinician.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts", UriKind.Relative));
        return alerts.EnumerateArray().Single(a => a.GetProperty("id").GetString() == alertId.ToString());
    }

    private static List<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> answers) =>
        [.. answers.OrderBy(a => a.Key, StringComparer.Ordinal)];

    private static Dictionary<string, string> Answers(JsonElement answers) =>
        answers.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public async Task IncompleteForm_RaisesOneAlert_KeepsTheAnswersGiven_AndShowsTheCrisisLine()
    {
        var invited = await InvitedAsync("Incomplete");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var fields = Phq9(item9: 2, others: 1);
        fields.Remove("4");

        var (response, body) = await PostAsync(phone, invited.Token, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        Assert.Equal(Sorted(fields), Sorted(Assert.Single(alert.Answers).Answers));
        var listed = await AlertInApiAsync(alert.Id);
        Assert.Equal(Sorted(fields), Sorted(Answers(listed.GetProperty("answers"))));
        Assert.False(Answers(listed.GetProperty("answers")).ContainsKey("4"));
        Assert.EndsWith("Z", listed.GetProperty("answeredAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, listed.GetProperty("laterAnswers").GetArrayLength());
        Assert.Equal(SurveyState.Sent, (await SurveyAsync(invited)).State);
    }

    [Fact]
    public async Task InvalidForm_RaisesOneAlert_KeepingOffScaleAndNonNumericAnswersAsGiven()
    {
        var invited = await InvitedAsync("Invalid");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var fields = Phq9(item9: 1);
        fields["5"] = "7";
        fields["3"] = "sometimes-ish";

        var (response, body) = await PostAsync(phone, invited.Token, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        var kept = Assert.Single(alert.Answers).Answers;
        Assert.Equal(("7", "sometimes-ish", "1"), (kept["5"], kept["3"], kept["9"]));
        Assert.Equal(Sorted(fields), Sorted(Answers((await AlertInApiAsync(alert.Id)).GetProperty("answers"))));

        using var clinician = await SignIn.BrowserAsync(app, Roles.Clinician);
        var alertsPage = await clinician.GetStringAsync(new Uri($"/alerts/{alert.Id}", UriKind.Relative));
        var page = WebUtility.HtmlDecode(alertsPage);
        var item9 = InstrumentCatalog.Get(Instrument.Phq9).FindItem("9")!;
        Assert.Contains($"9. {item9.Text}", page, StringComparison.Ordinal);
        Assert.Contains("Several days (1)", page, StringComparison.Ordinal);
        Assert.Contains("sometimes-ish", page, StringComparison.Ordinal);
        Assert.Contains("not one of the answers", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resubmission_OnAnAnsweredLink_RaisesTheAlert_WhenTheNewPostIsPositive()
    {
        var invited = await InvitedAsync("Second");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var (first, _) = await PostAsync(phone, invited.Token, Phq9(item9: 0, others: 1));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(await DbAsync(db => db.Alerts.AnyAsync(a => a.SurveyId == invited.Survey.Id)));

        var (second, body) = await PostAsync(phone, invited.Token, Phq9(item9: 3, others: 1));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbor Infusion Clinic", body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        Assert.Equal("3", Assert.Single(alert.Answers).Answers["9"]);
        var survey = await SurveyAsync(invited);
        Assert.Equal((SurveyState.Completed, 8), (survey.State, survey.TotalScore));
        Assert.Equal(0, survey.Answers.Single(a => a.Item == "9").Value);
    }

    [Fact]
    public async Task Resubmission_AfterAPositiveAnswer_KeepsEveryPostWithTheOneAlert()
    {
        var invited = await InvitedAsync("Twice");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var (first, _) = await PostAsync(phone, invited.Token, Phq9(item9: 1));
        app.Clock.Advance(Duration.FromMinutes(2));

        var (second, body) = await PostAsync(phone, invited.Token, Phq9(item9: 2));
        var (third, _) = await PostAsync(phone, invited.Token, Phq9(item9: 0));

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        Assert.Equal(["1", "2", "0"], alert.Answers.Select(p => p.Answers["9"]));
        var listed = await AlertInApiAsync(alert.Id);
        Assert.Equal("1", listed.GetProperty("answers").GetProperty("9").GetString());
        var later = listed.GetProperty("laterAnswers").EnumerateArray();
        Assert.Equal(["2", "0"], later.Select(p => p.GetProperty("answers").GetProperty("9").GetString()));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("stale")]
    public async Task PostWithoutAValidAntiforgeryToken_IsStillHeard_RaisingOneAlertWithTheAnswers(string antiforgery)
    {
        var invited = await InvitedAsync($"Token{antiforgery}");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        var fields = Phq9(item9: 1);
        if (antiforgery == "stale")
        {
            // A token the host really issued, to another browser: what an expired or rotated one looks like to it.
            using var other = app.CreateBrowser();
            var signInForm = await other.GetStringAsync(new Uri("/login", UriKind.Relative));
            fields["__RequestVerificationToken"] = SurveyPage.AntiforgeryIn(signInForm);
            Assert.NotEmpty(fields["__RequestVerificationToken"]);
        }

        var (response, body) = await PostAsync(phone, invited.Token, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        Assert.Equal(Sorted(Phq9(item9: 1)), Sorted(Assert.Single(alert.Answers).Answers));
        Assert.Equal(SurveyState.Completed, (await SurveyAsync(invited)).State);
    }

    [Fact]
    public async Task PositiveAnswer_AfterTheLinkExpired_StillRaisesOneAlert_WithoutNamingTheClinic()
    {
        var invited = await InvitedAsync("Late");
        using var _1 = invited.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(invited.Survey.ExpiresAt + Duration.FromHours(1));

        var (response, body) = await PostAsync(phone, invited.Token, Phq9(item9: 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CrisisLine, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbor Infusion Clinic", body, StringComparison.Ordinal);
        var alert = await TheOneAlertAsync(invited.Survey);
        Assert.Equal("2", Assert.Single(alert.Answers).Answers["9"]);
    }
}
