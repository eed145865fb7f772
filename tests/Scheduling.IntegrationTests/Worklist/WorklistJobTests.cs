using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Worklist;

/// <summary>
/// The recurring worklist jobs are idempotent, and so is closing a task: done stays done while its cause stands.
/// </summary>
public sealed class WorklistJobTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    [Fact]
    public async Task ARideTaskClosedAsDone_StaysClosed_HoweverOftenTheJobRuns()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 12, 1, 15, 0));
        using var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync("Rideless", "+12025550177");
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
                )
            ).StatusCode
        );
        await app.DispatchAsync();
        var check = await DayBeforeCheckAsync(Guid.Parse(patient));
        app.Clock.Reset(check.DueAt);
        await app.DispatchAsync();
        app.Clock.Advance(Duration.FromHours(3));
        await RunRidesAsync();
        var task = await TasksAsync(check.AppointmentId!.Value);
        var open = Assert.Single(task);

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/api/work-items/{open.Id}/done", new { })).StatusCode);
        for (var run = 0; run < 6; run++)
        {
            app.Clock.Advance(Duration.FromMinutes(15));
            await RunRidesAsync();
        }

        var after = Assert.Single(await TasksAsync(check.AppointmentId!.Value));
        Assert.Equal(WorkItemState.Done, after.State);
    }

    private async Task RunRidesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorklistJobs>().UnconfirmedRidesAsync(CancellationToken.None);
    }

    private async Task<PlannedMessage> DayBeforeCheckAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var first = await db
            .Appointments.Where(a => a.PatientId == patient)
            .OrderBy(a => a.StartInstant)
            .Select(a => a.Id)
            .FirstAsync();
        return await db
            .Messages.AsNoTracking()
            .SingleAsync(m => m.AppointmentId == first && m.Kind == MessageKind.DayBeforeCheck);
    }

    private async Task<List<WorkItem>> TasksAsync(Guid session)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .WorkItems.AsNoTracking()
            .Where(w => w.SubjectId == session && w.Kind == WorkItemKind.RideUnconfirmed)
            .ToListAsync();
    }
}
