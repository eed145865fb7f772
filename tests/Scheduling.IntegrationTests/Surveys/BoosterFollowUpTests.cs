using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// Boosters that can fire: a PHQ-9 every month for six months after an induction, the booster list with
/// the scores that put the patient there, and PCL-5 that a clinic turns on without changing the built-in.
/// </summary>
public sealed class BoosterFollowUpTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly SurveyOccasion[] Monthly =
    [
        SurveyOccasion.FollowUpOneMonth,
        SurveyOccasion.FollowUpTwoMonths,
        SurveyOccasion.FollowUpThreeMonths,
        SurveyOccasion.FollowUpFourMonths,
        SurveyOccasion.FollowUpFiveMonths,
        SurveyOccasion.FollowUpSixMonths,
    ];

    [Theory]
    [InlineData(BuiltInTemplates.KetamineIvInduction)]
    [InlineData(BuiltInTemplates.EsketamineInduction)]
    public async Task AnInduction_PlansAPhq9EveryMonth_ForSixMonthsAfterItsLastSession(string template)
    {
        using var desk = await DeskAsync();
        await desk.PostAsync($"/api/patients/{desk.PatientId}/rems-enrollment", new { });
        var series = await desk.Http.CreatedAsync("/api/series", desk.Series(template, "2026-12-07T09:00"));
        var last = series.GetProperty("sessions").EnumerateArray().Last();
        var end = Instant.FromDateTimeOffset(
            DateTimeOffset.Parse(last.GetProperty("endInstant").GetString()!, CultureInfo.InvariantCulture)
        );

        var surveys = await SurveysAsync(Guid.Parse(desk.PatientId));

        var monthly = surveys
            .Where(s => s.Instrument == Instrument.Phq9 && Monthly.Contains(s.Occasion))
            .OrderBy(s => s.DueAt)
            .ToList();
        Assert.Equal(Monthly, monthly.Select(s => s.Occasion));
        for (var month = 1; month <= 6; month++)
        {
            var due = monthly[month - 1].DueAt;
            Assert.InRange(
                due,
                end + Duration.FromDays(30 * month),
                end + Duration.FromDays(30 * month) + Duration.FromHours(24)
            );
            Assert.All(monthly, s => Assert.Equal(SurveyState.Planned, s.State));
        }

        Assert.DoesNotContain(surveys, s => s.Instrument == Instrument.Pcl5);
    }

    [Fact]
    public async Task TheBuiltIns_SayWhichWatchForRelapse_AndWhichOfferPcl5()
    {
        using var desk = await DeskAsync();

        var templates = (await desk.GetAsync("/api/templates"))
            .EnumerateArray()
            .Where(t => t.GetProperty("builtIn").GetBoolean())
            .ToDictionary(t => t.GetProperty("code").GetString()!);

        Assert.Equal(6, templates[BuiltInTemplates.KetamineIvInduction].GetProperty("relapseWatchMonths").GetInt32());
        Assert.Equal(6, templates[BuiltInTemplates.EsketamineInduction].GetProperty("relapseWatchMonths").GetInt32());
        Assert.Equal(0, templates[BuiltInTemplates.KetamineBooster].GetProperty("relapseWatchMonths").GetInt32());
        Assert.True(templates[BuiltInTemplates.KetamineIvInduction].GetProperty("offersPcl5").GetBoolean());
        Assert.False(templates[BuiltInTemplates.EsketamineInduction].GetProperty("offersPcl5").GetBoolean());
    }

    [Fact]
    public async Task Pcl5_IsOffByDefault_AClinicTurnsItOn_AndAMoveKeepsIt()
    {
        using var desk = await DeskAsync();
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var path = $"/api/clinics/{desk.ClinicId}/template-options/{BuiltInTemplates.KetamineIvInduction}";

        var forbidden = await desk.Http.PutAsJsonAsync(new Uri(path, UriKind.Relative), new { pcl5 = true });
        var refused = await admin.PutAsJsonAsync(
            new Uri(
                $"/api/clinics/{desk.ClinicId}/template-options/{BuiltInTemplates.EsketamineInduction}",
                UriKind.Relative
            ),
            new { pcl5 = true }
        );
        var turnedOn = await admin.PutAsJsonAsync(new Uri(path, UriKind.Relative), new { pcl5 = true });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, turnedOn.StatusCode);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        var patient = Guid.Parse(desk.PatientId);
        var pcl5 = (await SurveysAsync(patient)).Where(s => s.Instrument == Instrument.Pcl5).ToList();
        Assert.Equal(
            [
                SurveyOccasion.Baseline,
                SurveyOccasion.MidSeries,
                SurveyOccasion.EndOfSeries,
                SurveyOccasion.FollowUpOneWeek,
                SurveyOccasion.FollowUpOneMonth,
            ],
            pcl5.OrderBy(s => s.DueAt).Select(s => s.Occasion)
        );

        var last = series.GetProperty("sessions").EnumerateArray().Last();
        var later = DateTime
            .Parse(last.GetProperty("start").GetString()!, CultureInfo.InvariantCulture)
            .AddHours(1)
            .ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var moved = await desk.PostAsync(
            $"/api/appointments/{last.GetProperty("id").GetString()}/reschedule",
            new { start = later }
        );
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.All((await SurveysAsync(patient)).Where(s => s.Instrument == Instrument.Pcl5), s =>
            Assert.Equal(SurveyState.Planned, s.State)
        );

        using var other = await BookingClient.CreateAsync(app);
        await other.Http.CreatedAsync(
            "/api/series",
            other.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        Assert.DoesNotContain(await SurveysAsync(Guid.Parse(other.PatientId)), s => s.Instrument == Instrument.Pcl5);
        var template = (await desk.GetAsync("/api/templates"))
            .EnumerateArray()
            .Single(t =>
                t.GetProperty("code").GetString() == BuiltInTemplates.KetamineIvInduction
                && t.GetProperty("builtIn").GetBoolean()
            );
        Assert.DoesNotContain(template.GetProperty("followUps").EnumerateArray(), f =>
            f.GetProperty("kind").GetString() == "Pcl5"
        );
    }

    [Fact]
    public async Task TheBoosterList_ShowsThePhq9ScoresAndDates_ThatPutThePatientThere()
    {
        using var desk = await DeskAsync();
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        var patient = Guid.Parse(desk.PatientId);
        var surveys = await SurveysAsync(patient);
        await CompleteAsync(Pick(surveys, SurveyOccasion.Baseline), 18);
        await CompleteAsync(Pick(surveys, SurveyOccasion.EndOfSeries), 3);
        await CompleteAsync(Pick(surveys, SurveyOccasion.FollowUpOneMonth), 4);
        await CompleteAsync(Pick(surveys, SurveyOccasion.FollowUpThreeMonths), 12);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            db.WorkItems.Add(
                WorkItem.Open(
                    new WorkItemOpening(
                        Guid.Parse(desk.ClinicId),
                        patient,
                        WorkItemKind.BoosterMayBeDue,
                        patient,
                        "PHQ-9 of 12 after the series."
                    ),
                    app.Clock.GetCurrentInstant()
                )
            );
            await db.SaveChangesAsync();
        }

        var listed = Assert.Single(
            (await desk.GetAsync($"/api/work-items?list=booster&clinicId={desk.ClinicId}")).EnumerateArray()
        );

        var scores = listed.GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal([3, 4, 12], scores.Select(s => s.GetProperty("total").GetInt32()));
        Assert.Equal("FollowUpThreeMonths", scores[^1].GetProperty("occasion").GetString());
        Assert.Equal(
            Scheduling.Web.Api.Contracts.Wire.Format(Pick(surveys, SurveyOccasion.FollowUpThreeMonths).DueAt),
            scores[^1].GetProperty("completedAt").GetString()
        );
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = await browser.GetStringAsync(new Uri($"/worklists?clinicId={desk.ClinicId}", UriKind.Relative));
        var threeMonths = Pick(surveys, SurveyOccasion.FollowUpThreeMonths)
            .DueAt.InZone(DateTimeZoneProviders.Tzdb["America/New_York"])
            .Date;
        Assert.Contains(
            $"PHQ-9 <strong>12</strong> on {threeMonths.ToString("d MMM uuuu", CultureInfo.InvariantCulture)}",
            page,
            StringComparison.Ordinal
        );
    }

    private async Task<BookingClient> DeskAsync()
    {
        app.Clock.Reset(SchedulingApp.Start);
        return await BookingClient.CreateAsync(app);
    }

    private static Survey Pick(List<Survey> surveys, SurveyOccasion occasion) =>
        surveys.Single(s => s.Instrument == Instrument.Phq9 && s.Occasion == occasion);

    /// <summary>A PHQ-9 answered at its due time with this total, as the survey page would store it.</summary>
    private async Task CompleteAsync(Survey survey, int total)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var stored = await db.Surveys.SingleAsync(s => s.Id == survey.Id);
        Assert.Null(stored.Complete(survey.DueAt, total, null, []));
        await db.SaveChangesAsync();
    }

    private async Task<List<Survey>> SurveysAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Surveys.AsNoTracking()
            .Where(s => s.PatientId == patient)
            .ToListAsync();
    }
}
