using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// Follow-ups planned from the template at booking, re-timed on a move, closed on a cancel: like reminders.
/// </summary>
public sealed class SurveyPlanningTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private async Task<(BookingClient Desk, Guid Patient, Guid Series, List<Guid> Sessions)> BookAsync(
        string? patientId = null
    )
    {
        app.Clock.Reset(SchedulingApp.Start);
        var desk = await BookingClient.CreateAsync(app);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00", patientId: patientId)
        );
        return (
            desk,
            Guid.Parse(patientId ?? desk.PatientId),
            Guid.Parse(series.GetProperty("id").GetString()!),
            series
                .GetProperty("sessions")
                .EnumerateArray()
                .Select(s => Guid.Parse(s.GetProperty("id").GetString()!))
                .ToList()
        );
    }

    private async Task<(List<Survey> Surveys, List<PlannedMessage> Messages)> RowsAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return (
            await db.Surveys.AsNoTracking().Where(s => s.PatientId == patient).ToListAsync(),
            await db.Messages.AsNoTracking().Where(m => m.PatientId == patient && m.SurveyId != null).ToListAsync()
        );
    }

    private static string Local(Instant instant) =>
        instant.InZone(NewYork).LocalDateTime.ToString("yyyy-MM-dd'T'HH:mm", null);

    [Fact]
    public async Task BookSeries_PlansEveryFollowUpOfTheTemplate_WithAnInvitationBySmsAndRemindersForScoredOnes()
    {
        var (desk, patient, _, sessions) = await BookAsync();
        using var _1 = desk;

        var (surveys, messages) = await RowsAsync(patient);

        Assert.Equal(12, surveys.Count(s => s.Instrument == Instrument.PostSessionCheck));
        // PHQ-9: baseline, mid-series, end of series, one week, then monthly for six months (the relapse watch).
        Assert.Equal(10, surveys.Count(s => s.Instrument == Instrument.Phq9));
        Assert.Equal(5, surveys.Count(s => s.Instrument == Instrument.Gad7));
        Assert.All(surveys, s => Assert.Equal(SurveyState.Planned, s.State));
        Assert.Equal(surveys.Count, messages.Count(m => m.Kind == MessageKind.SurveyInvitation));
        // The baselines, due the day before the first session and closing when it starts, have no room for a reminder.
        Assert.Equal(13, messages.Count(m => m.Kind == MessageKind.SurveyReminder));
        Assert.All(messages, m => Assert.Equal(Channel.Sms, m.Channel));
        Assert.All(messages, m => Assert.Equal(m.SurveyId, m.SubjectId));
        var first = surveys.Single(s => s.AppointmentId == sessions[0] && s.Occasion == SurveyOccasion.PostSession);
        Assert.Equal("2026-12-07T13:40", Local(first.DueAt));
        var baseline = surveys.Single(s => s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline);
        Assert.Equal("2026-12-06T09:00", Local(baseline.DueAt));
        Assert.Equal(
            messages.Single(m => m.SurveyId == baseline.Id && m.Kind == MessageKind.SurveyInvitation).DueAt,
            baseline.DueAt
        );
    }

    [Fact]
    public async Task PatientSurveys_ListsPlannedSurveys_WithInstrumentAndState()
    {
        var (desk, patient, _, _) = await BookAsync();
        using var _1 = desk;

        var surveys = (await desk.GetAsync($"/api/patients/{patient}/surveys")).EnumerateArray().ToList();

        // 12 post-session checks, PHQ-9 and GAD-7 five times each, and five more monthly PHQ-9s (months 2 to 6).
        Assert.Equal(27, surveys.Count);
        Assert.All(surveys, s => Assert.Equal("Planned", s.GetProperty("state").GetString()));
        Assert.Contains(surveys, s => s.GetProperty("instrument").GetString() == "PostSessionCheck");
        Assert.All(surveys, s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("score").ValueKind));
    }

    [Fact]
    public async Task PlanForSeries_PlansNothingMore_WhenCalledAgain()
    {
        var (desk, patient, seriesId, _) = await BookAsync();
        using var _1 = desk;
        var before = await RowsAsync(patient);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var series = await db.Series.AsNoTracking().Include(s => s.Appointments).SingleAsync(s => s.Id == seriesId);
            var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId);
            var person = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patient);
            var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == series.ClinicId);
            await scope
                .ServiceProvider.GetRequiredService<SurveyPlanner>()
                .PlanForSeriesAsync(series, template, person, clinic, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var after = await RowsAsync(patient);
        Assert.Equal(before.Surveys.Count, after.Surveys.Count);
        Assert.Equal(before.Messages.Count, after.Messages.Count);
    }

    [Fact]
    public async Task CancelSession_ClosesItsSurveys_AndSuppressesTheirMessages()
    {
        var (desk, patient, _, sessions) = await BookAsync();
        using var _1 = desk;

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{sessions[2]}/cancel", new { reason = "Unwell" })).StatusCode
        );

        var (surveys, messages) = await RowsAsync(patient);
        var closed = surveys.Where(s => s.AppointmentId == sessions[2]).ToList();
        Assert.Equal(4, closed.Count);
        Assert.All(closed, s => Assert.Equal((SurveyState.Suppressed, "AppointmentCancelled"), (s.State, s.Reason)));
        Assert.All(messages.Where(m => m.AppointmentId == sessions[2]), m =>
            Assert.Equal((MessageState.Suppressed, "AppointmentCancelled"), (m.State, m.Reason))
        );
        Assert.All(surveys.Where(s => s.AppointmentId != sessions[2]), s => Assert.Equal(SurveyState.Planned, s.State));
    }

    [Fact]
    public async Task CancelSeries_ClosesEverySurveyStillToCome()
    {
        var (desk, patient, seriesId, _) = await BookAsync();
        using var _1 = desk;

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/series/{seriesId}/cancel", new { reason = "Stopping treatment" })).StatusCode
        );

        var (surveys, messages) = await RowsAsync(patient);
        Assert.All(surveys, s => Assert.Equal(SurveyState.Suppressed, s.State));
        Assert.All(messages, m => Assert.Equal(MessageState.Suppressed, m.State));
    }

    [Fact]
    public async Task Reschedule_RetimesTheSessionsSurveysAndTheirInvitations()
    {
        var (desk, patient, _, sessions) = await BookAsync();
        using var _1 = desk;

        Assert.Equal(
            HttpStatusCode.OK,
            (
                await desk.PostAsync($"/api/appointments/{sessions[1]}/reschedule", new { start = "2026-12-09T13:00" })
            ).StatusCode
        );

        var (surveys, messages) = await RowsAsync(patient);
        var check = surveys.Single(s => s.AppointmentId == sessions[1] && s.Occasion == SurveyOccasion.PostSession);
        Assert.Equal(("2026-12-09T17:40", SurveyState.Planned), (Local(check.DueAt), check.State));
        var invitation = messages.Single(m => m.SurveyId == check.Id && m.Kind == MessageKind.SurveyInvitation);
        Assert.Equal((check.DueAt, MessageState.Planned), (invitation.DueAt, invitation.State));
        var nextMorning = surveys.Single(s =>
            s.AppointmentId == sessions[1] && s.Occasion == SurveyOccasion.NextMorning
        );
        Assert.Equal("2026-12-10T14:40", Local(nextMorning.DueAt));
    }

    [Fact]
    public async Task BookSeries_InvitesByEmail_WhenThePatientRefusedSms()
    {
        app.Clock.Reset(SchedulingApp.Start);
        using var owner = await BookingClient.CreateAsync(app);
        var emailOnly = (
            await owner.Http.CreatedAsync("/api/patients", ApiFixtures.Patient(owner.ClinicId, "Sato", sms: false))
        )
            .GetProperty("id")
            .GetString()!;
        await owner.Http.CreatedAsync(
            "/api/series",
            owner.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00", patientId: emailOnly)
        );

        var (_, messages) = await RowsAsync(Guid.Parse(emailOnly));

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(Channel.Email, m.Channel));
    }

    [Fact]
    public async Task Preview_ListsTheSurveyMessagesTheBookingWillPlan_WithTheirSessionsAndTimes()
    {
        app.Clock.Reset(SchedulingApp.Start);
        using var desk = await BookingClient.CreateAsync(app);
        var request = desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");

        var response = await desk.PostAsync("/api/series/preview", request);
        var preview =
            await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(
                response.Content
            );
        await desk.Http.CreatedAsync("/api/series", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var previewed = preview
            .GetProperty("messages")
            .EnumerateArray()
            .Where(m => m.GetProperty("kind").GetString() is "SurveyInvitation" or "SurveyReminder")
            .Select(m =>
                (
                    m.GetProperty("kind").GetString(),
                    m.GetProperty("channel").GetString(),
                    m.GetProperty("dueInstant").GetString()
                )
            )
            .Order()
            .ToList();
        var (_, messages) = await RowsAsync(Guid.Parse(desk.PatientId));
        var planned = messages
            .Select(m =>
                (
                    (string?)m.Kind.ToString(),
                    (string?)m.Channel.ToString(),
                    (string?)NodaTime.Text.InstantPattern.General.Format(m.DueAt)
                )
            )
            .Order()
            .ToList();
        // The monthly PHQ-9s of the relapse watch add an invitation and a reminder each.
        Assert.Equal(40, previewed.Count);
        Assert.Equal(planned, previewed);
        Assert.Contains(preview.GetProperty("messages").EnumerateArray(), m =>
            m.GetProperty("kind").GetString() == "SurveyInvitation" && m.GetProperty("sessionNumber").GetInt32() == 6
        );
    }
}
