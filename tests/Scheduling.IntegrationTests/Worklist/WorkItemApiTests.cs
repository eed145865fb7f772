using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Worklist;

/// <summary>GET /api/work-items: each list of the worklists page by its API name, open or done, for the front desk and clinicians.</summary>
public sealed class WorkItemApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Theory]
    [InlineData("messages", WorkItemKind.MessageFailed)]
    [InlineData("rides", WorkItemKind.RideUnconfirmed)]
    [InlineData("rems", WorkItemKind.RemsFormDue)]
    [InlineData("callbacks", WorkItemKind.CallBackRequested)]
    [InlineData("callbacks", WorkItemKind.NurseCallBack)]
    [InlineData("booster", WorkItemKind.BoosterMayBeDue)]
    [InlineData("unanswered", WorkItemKind.SurveyUnanswered)]
    public async Task EachList_HoldsItsKindOfTask_WithWhatItIsAbout(string list, WorkItemKind kind)
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));
        var (clinic, patient) = (Guid.Parse(desk.ClinicId), Guid.Parse(desk.PatientId));
        var (item, appointment, message, survey) = await OpenAsync(clinic, patient, kind);

        var listed = await desk.GetAsync($"/api/work-items?list={list}&clinicId={clinic}");

        var found = Assert.Single(listed.EnumerateArray(), i => i.GetProperty("id").GetString() == item.ToString());
        Assert.Equal(list, found.GetProperty("list").GetString());
        Assert.Equal(patient.ToString(), found.GetProperty("patientId").GetString());
        Assert.Equal(appointment?.ToString(), found.GetProperty("appointmentId").GetString());
        Assert.Equal(message?.ToString(), found.GetProperty("messageId").GetString());
        Assert.Equal(survey?.ToString(), found.GetProperty("surveyId").GetString());
        Assert.Equal(($"A {kind} task.", "Open"), (found.GetProperty("reason").GetString(), found.GetProperty("state").GetString()));
        Assert.False(string.IsNullOrEmpty(found.GetProperty("createdAt").GetString()));
        Assert.All(listed.EnumerateArray(), i => Assert.Equal(list, i.GetProperty("list").GetString()));
    }

    [Fact]
    public async Task ADoneTask_LeavesTheOpenList_ForTheDoneOne_AndMaintenanceIsEmpty()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));
        var clinic = Guid.Parse(desk.ClinicId);
        var (item, _, _, _) = await OpenAsync(clinic, Guid.Parse(desk.PatientId), WorkItemKind.RideUnconfirmed);

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/api/work-items/{item}/done", new { })).StatusCode);

        Assert.Empty((await desk.GetAsync($"/api/work-items?list=rides&state=open&clinicId={clinic}")).EnumerateArray());
        var done = Assert.Single((await desk.GetAsync($"/api/work-items?list=rides&state=done&clinicId={clinic}")).EnumerateArray());
        Assert.Equal((item.ToString(), "Done"), (done.GetProperty("id").GetString(), done.GetProperty("state").GetString()));
        Assert.Empty((await desk.GetAsync($"/api/work-items?list=maintenance&clinicId={clinic}")).EnumerateArray());
    }

    [Theory]
    [InlineData("list=parking", "list")]
    [InlineData("", "list")]
    [InlineData("list=rides&state=later", "state")]
    public async Task AnUnknownListOrState_Is400_NamingTheField(string query, string field)
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var problem = await (await clinician.GetAsync(new Uri($"/api/work-items?{query}", UriKind.Relative))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields());
    }

    [Fact]
    public async Task WorkItems_Return403_ForOps()
    {
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);

        Assert.Equal(HttpStatusCode.Forbidden, (await ops.GetAsync(new Uri("/api/work-items?list=rides", UriKind.Relative))).StatusCode);
    }

    /// <summary>A task as the job or use case that raises its kind would open it, about a real session, message or survey of the patient.</summary>
    private async Task<(Guid Item, Guid? Appointment, Guid? Message, Guid? Survey)> OpenAsync(Guid clinic, Guid patient, WorkItemKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var message = await db.Messages.AsNoTracking().Where(m => m.PatientId == patient && m.AppointmentId != null).OrderBy(m => m.DueAt).FirstAsync();
        var survey = await db.Surveys.AsNoTracking().Where(s => s.PatientId == patient && s.AppointmentId != null).OrderBy(s => s.DueAt).FirstAsync();
        var (subject, expected) = kind switch
        {
            WorkItemKind.MessageFailed => (message.Id, (message.AppointmentId, (Guid?)message.Id, (Guid?)null)),
            WorkItemKind.NurseCallBack or WorkItemKind.SurveyUnanswered => (survey.Id, (survey.AppointmentId, null, survey.Id)),
            WorkItemKind.BoosterMayBeDue => (patient, ((Guid?)null, null, null)),
            _ => (message.AppointmentId!.Value, (message.AppointmentId, null, null)),
        };
        var item = new WorkItem
        {
            ClinicId = clinic, PatientId = patient, Kind = kind, SubjectId = subject, CreatedAt = app.Clock.GetCurrentInstant(),
            State = WorkItemState.Open, Detail = $"A {kind} task.",
        };
        db.WorkItems.Add(item);
        await db.SaveChangesAsync();
        return (item.Id, expected.Item1, expected.Item2, expected.Item3);
    }
}
