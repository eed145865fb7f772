using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// What answers set off: the nurses' call-back list, a side-effect alert, the booster list, and the
/// trend on the API. Links are made here (as the dispatcher makes them) so each test answers the
/// surveys it needs at the times it needs.
/// </summary>
public sealed class SurveyFollowUpTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private async Task<(BookingClient Desk, Guid Patient, List<Survey> Surveys)> BookedAsync()
    {
        app.Clock.Reset(SchedulingApp.Start);
        var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        var patient = Guid.Parse(desk.PatientId);
        await using var scope = app.Services.CreateAsyncScope();
        var surveys = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Surveys.AsNoTracking()
            .Where(s => s.PatientId == patient)
            .ToListAsync();
        return (desk, patient, surveys);
    }

    /// <summary>
    /// Sends the survey as the dispatcher would (a link of its own), at its due time, and answers it.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> AnswerAsync(Survey survey, Dictionary<string, int> answers)
    {
        var (token, hash) = SurveyToken.Mint();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var invitation = await db
                .Messages.AsNoTracking()
                .SingleAsync(m => m.SurveyId == survey.Id && m.Kind == MessageKind.SurveyInvitation);
            db.SurveyLinks.Add(
                new SurveyLink
                {
                    TokenHash = hash,
                    SurveyId = survey.Id,
                    MessageId = invitation.Id,
                    CreatedAt = survey.DueAt,
                }
            );
            await db.SaveChangesAsync();
        }

        app.Clock.Reset(survey.DueAt);
        using var phone = app.CreateBrowser();
        var (response, body) = await SurveyPage.AnswerAsync(phone, token, answers);
        return (response.StatusCode, body);
    }

    private static Survey Pick(List<Survey> surveys, Instrument instrument, SurveyOccasion occasion) =>
        surveys.Where(s => s.Instrument == instrument && s.Occasion == occasion).OrderBy(s => s.DueAt).First();

    private static Dictionary<string, int> Phq9Total(int total)
    {
        var answers = SurveyPage.Phq9();
        for (var item = 1; item <= 8 && total > 0; item++)
        {
            var value = Math.Min(3, total);
            answers[item.ToString(CultureInfo.InvariantCulture)] = value;
            total -= value;
        }

        return answers;
    }

    private static Dictionary<string, int> Check(int nausea = PostSessionCheckForm.None, int mood = 8) =>
        new(StringComparer.Ordinal)
        {
            [PostSessionCheckForm.Nausea] = nausea,
            [PostSessionCheckForm.Vomiting] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Dizziness] = PostSessionCheckForm.Mild,
            [PostSessionCheckForm.Headache] = PostSessionCheckForm.None,
            [PostSessionCheckForm.FeelingUnreal] = PostSessionCheckForm.Mild,
            [PostSessionCheckForm.Mood] = mood,
            [PostSessionCheckForm.Drove] = PostSessionCheckForm.No,
        };

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    [Fact]
    public async Task SevereSideEffect_RaisesAnAlertOnTheBoard_AndANurseCallBack_WithoutPagingTheOnCall()
    {
        var (desk, patient, surveys) = await BookedAsync();
        using var _1 = desk;
        var check = Pick(surveys, Instrument.PostSessionCheck, SurveyOccasion.PostSession);

        var (status, body) = await AnswerAsync(check, Check(nausea: PostSessionCheckForm.Severe));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("A nurse from Harbor Infusion Clinic will call you", body, StringComparison.Ordinal);
        var alert = await DbAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.SurveyId == check.Id));
        Assert.Equal((AlertKind.SevereSideEffect, AlertState.Open), (alert.Kind, alert.State));
        Assert.False(await DbAsync(db => db.Messages.AnyAsync(m => m.AlertId == alert.Id)));
        using var clinician = await SignIn.ApiClientAsync(app, Scheduling.Core.Identity.Roles.Clinician);
        var detail = await clinician.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/surveys/{check.Id}", UriKind.Relative)
        );
        Assert.Equal(
            ["SevereSideEffect", "NurseCallBack"],
            detail.GetProperty("flags").EnumerateArray().Select(f => f.GetString())
        );
        var nausea = detail.GetProperty("answers").EnumerateArray().First();
        Assert.Equal(
            ("nausea", "Nausea", 3, "Severe"),
            (
                nausea.GetProperty("item").GetString(),
                nausea.GetProperty("text").GetString(),
                nausea.GetProperty("value").GetInt32(),
                nausea.GetProperty("label").GetString()
            )
        );
        await (await clinician.GetAsync(new Uri($"/api/surveys/{Guid.NewGuid()}", UriKind.Relative))).ProblemAsync(
            HttpStatusCode.NotFound
        );
        var task = await DbAsync(db => db.WorkItems.AsNoTracking().SingleAsync(w => w.SubjectId == check.Id));
        Assert.Equal(
            (WorkItemKind.NurseCallBack, WorkItemState.Open, patient),
            (task.Kind, task.State, task.PatientId)
        );
        Assert.DoesNotContain("nausea", task.Detail!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(PostSessionCheckForm.Moderate, 8, true)]
    [InlineData(PostSessionCheckForm.None, 3, true)]
    [InlineData(PostSessionCheckForm.Mild, 4, false)]
    public async Task PostSessionCheck_PutsACallOnTheNursesList_OnlyAboveTheThresholds(
        int nausea,
        int mood,
        bool callBack
    )
    {
        var (desk, _, surveys) = await BookedAsync();
        using var _1 = desk;
        var check = Pick(surveys, Instrument.PostSessionCheck, SurveyOccasion.NextMorning);

        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(check, Check(nausea, mood))).Status);

        Assert.Equal(
            callBack,
            await DbAsync(db =>
                db.WorkItems.AnyAsync(w => w.SubjectId == check.Id && w.Kind == WorkItemKind.NurseCallBack)
            )
        );
        Assert.False(await DbAsync(db => db.Alerts.AnyAsync(a => a.SurveyId == check.Id)));
    }

    [Fact]
    public async Task Phq9AfterTheSeries_PutsThePatientOnTheBoosterListOnce_WhenItRisesFiveAboveTheBest()
    {
        var (desk, patient, surveys) = await BookedAsync();
        using var _1 = desk;

        await AnswerAsync(Pick(surveys, Instrument.Phq9, SurveyOccasion.Baseline), Phq9Total(18));
        await AnswerAsync(Pick(surveys, Instrument.Phq9, SurveyOccasion.EndOfSeries), Phq9Total(3));
        Assert.False(
            await DbAsync(db =>
                db.WorkItems.AnyAsync(w => w.SubjectId == patient && w.Kind == WorkItemKind.BoosterMayBeDue)
            )
        );
        await AnswerAsync(Pick(surveys, Instrument.Phq9, SurveyOccasion.FollowUpOneWeek), Phq9Total(8));
        await AnswerAsync(Pick(surveys, Instrument.Phq9, SurveyOccasion.FollowUpOneMonth), Phq9Total(12));

        var items = await DbAsync(db =>
            db.WorkItems.AsNoTracking()
                .Where(w => w.SubjectId == patient && w.Kind == WorkItemKind.BoosterMayBeDue)
                .ToListAsync()
        );
        var item = Assert.Single(items);
        Assert.Equal(WorkItemState.Open, item.State);
        Assert.Contains("5 above the best since (3)", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientSurveys_GivesChangeFromBaselineResponseAndRemission_ForCompletedPhq9()
    {
        var (desk, patient, surveys) = await BookedAsync();
        using var _1 = desk;
        var baseline = Pick(surveys, Instrument.Phq9, SurveyOccasion.Baseline);
        var mid = Pick(surveys, Instrument.Phq9, SurveyOccasion.MidSeries);
        var end = Pick(surveys, Instrument.Phq9, SurveyOccasion.EndOfSeries);

        await AnswerAsync(baseline, Phq9Total(20));
        await AnswerAsync(mid, Phq9Total(10));
        await AnswerAsync(end, Phq9Total(4));

        var listed = (await desk.GetAsync($"/api/patients/{patient}/surveys"))
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!);
        var b = listed[baseline.Id.ToString()];
        var m = listed[mid.Id.ToString()];
        var e = listed[end.Id.ToString()];
        Assert.Equal(
            (20, "Severe", 0),
            (
                b.GetProperty("score").GetInt32(),
                b.GetProperty("band").GetString(),
                b.GetProperty("changeFromBaseline").GetInt32()
            )
        );
        Assert.Equal(System.Text.Json.JsonValueKind.Null, b.GetProperty("response").ValueKind);
        Assert.Equal(
            (-10, -50.0m, true, false),
            (
                m.GetProperty("changeFromBaseline").GetInt32(),
                m.GetProperty("percentChangeFromBaseline").GetDecimal(),
                m.GetProperty("response").GetBoolean(),
                m.GetProperty("remission").GetBoolean()
            )
        );
        Assert.Equal(
            (-16, true, true),
            (
                e.GetProperty("changeFromBaseline").GetInt32(),
                e.GetProperty("response").GetBoolean(),
                e.GetProperty("remission").GetBoolean()
            )
        );
    }
}
