using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Worklist;

/// <summary>GET /api/work-items: each list of the worklists page by its API name, open or done.</summary>
public sealed class WorkItemApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

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
        var opened = await OpenAsync(clinic, patient, kind);

        var listed = await desk.GetAsync($"/api/work-items?list={list}&clinicId={clinic}");

        var found = Assert.Single(listed.EnumerateArray(), i => i.GetProperty("id").GetString() == $"{opened.Item}");
        Assert.Equal(list, found.GetProperty("list").GetString());
        Assert.Equal($"{patient}", found.GetProperty("patientId").GetString());
        Assert.Equal(opened.Appointment?.ToString(), found.GetProperty("appointmentId").GetString());
        Assert.Equal(opened.Message?.ToString(), found.GetProperty("messageId").GetString());
        Assert.Equal(opened.Survey?.ToString(), found.GetProperty("surveyId").GetString());
        Assert.Equal($"A {kind} task.", found.GetProperty("reason").GetString());
        Assert.Equal("Open", found.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(found.GetProperty("createdAt").GetString()));
        Assert.All(listed.EnumerateArray(), i => Assert.Equal(list, i.GetProperty("list").GetString()));
    }

    [Fact]
    public async Task ADoneTask_LeavesTheOpenList_ForTheDoneOne_AndMaintenanceIsEmpty()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));
        var clinic = Guid.Parse(desk.ClinicId);
        var opened = await OpenAsync(clinic, Guid.Parse(desk.PatientId), WorkItemKind.RideUnconfirmed);

        var closed = await desk.PostAsync($"/api/work-items/{opened.Item}/done", new { });

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var open = await desk.GetAsync($"/api/work-items?list=rides&state=open&clinicId={clinic}");
        Assert.Empty(open.EnumerateArray());
        var done = Assert.Single(
            (await desk.GetAsync($"/api/work-items?list=rides&state=done&clinicId={clinic}")).EnumerateArray()
        );
        Assert.Equal($"{opened.Item}", done.GetProperty("id").GetString());
        Assert.Equal("Done", done.GetProperty("state").GetString());
        Assert.Empty((await desk.GetAsync($"/api/work-items?list=maintenance&clinicId={clinic}")).EnumerateArray());
    }

    [Theory]
    [InlineData("list=parking", "list")]
    [InlineData("", "list")]
    [InlineData("list=rides&state=later", "state")]
    public async Task AnUnknownListOrState_Is400_NamingTheField(string query, string field)
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var answer = await clinician.GetAsync(new Uri($"/api/work-items?{query}", UriKind.Relative));

        Assert.Equal([field], (await answer.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task WorkItems_Return403_ForOps()
    {
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);

        var answer = await ops.GetAsync(new Uri("/api/work-items?list=rides", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    private sealed record Opened(Guid Item, Guid? Appointment, Guid? Message, Guid? Survey);

    /// <summary>A task as the code that raises its kind opens it, about a real session, message or survey.</summary>
    private async Task<Opened> OpenAsync(Guid clinic, Guid patient, WorkItemKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var message = await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patient && m.AppointmentId != null)
            .OrderBy(m => m.DueAt)
            .FirstAsync();
        var survey = await db
            .Surveys.AsNoTracking()
            .Where(s => s.PatientId == patient && s.AppointmentId != null)
            .OrderBy(s => s.DueAt)
            .FirstAsync();
        var (subject, expected) = kind switch
        {
            WorkItemKind.MessageFailed => (message.Id, new Opened(Guid.Empty, message.AppointmentId, message.Id, null)),
            WorkItemKind.NurseCallBack or WorkItemKind.SurveyUnanswered => (
                survey.Id,
                new Opened(Guid.Empty, survey.AppointmentId, null, survey.Id)
            ),
            WorkItemKind.BoosterMayBeDue => (patient, new Opened(Guid.Empty, null, null, null)),
            _ => (message.AppointmentId!.Value, new Opened(Guid.Empty, message.AppointmentId, null, null)),
        };
        var item = WorkItem.Open(
            new WorkItemOpening(clinic, patient, kind, subject, $"A {kind} task."),
            app.Clock.GetCurrentInstant()
        );
        db.WorkItems.Add(item);
        await db.SaveChangesAsync();
        return expected with { Item = item.Id };
    }
}
