using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>The recurring jobs, run by calling them as Hangfire would.</summary>
public sealed class RecurringJobTests(MessagingApp app) : IClassFixture<MessagingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 12, 1, 15, 0);

    [Fact]
    public async Task Watchdog_Fails_WhileDueMessagesWait_AndPasses_OnceTheyAreSent()
    {
        using var desk = await BookAsync("Watchdog");
        app.Clock.Reset(MorningInNewYork + Duration.FromMinutes(3));

        await Assert.ThrowsAsync<DispatchLaggingException>(() =>
            RunAsync<DispatchWatchdogJob>(job => job.RunAsync(CancellationToken.None))
        );
        await app.DispatchAsync();
        await RunAsync<DispatchWatchdogJob>(job => job.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UnconfirmedRides_BecomeOneWorkItem_TwoHoursAfterTheDayBeforeCheck()
    {
        using var desk = await BookAsync("Rideless");
        await app.DispatchAsync();
        var check = await SingleMessageAsync(desk, MessageKind.DayBeforeCheck);
        app.Clock.Reset(check.DueAt);
        await app.DispatchAsync();

        app.Clock.Advance(Duration.FromHours(1));
        await RunAsync<WorklistJobs>(job => job.UnconfirmedRidesAsync(CancellationToken.None));
        Assert.Equal(0, await WorkItemsAsync(check.AppointmentId!.Value, WorkItemKind.RideUnconfirmed));

        app.Clock.Advance(Duration.FromHours(2));
        await RunAsync<WorklistJobs>(job => job.UnconfirmedRidesAsync(CancellationToken.None));
        await RunAsync<WorklistJobs>(job => job.UnconfirmedRidesAsync(CancellationToken.None));
        Assert.Equal(1, await WorkItemsAsync(check.AppointmentId!.Value, WorkItemKind.RideUnconfirmed));
    }

    [Fact]
    public async Task RemsForms_AreListed_OnceAnEsketamineSessionHasBeenHeld()
    {
        using var desk = await BookAsync("Rems", "esketamine-induction");
        var series = await desk.GetAsync($"/api/appointments?from=2026-12-07&to=2026-12-07&clinicId={desk.ClinicId}");
        var session = Guid.Parse(series[0].GetProperty("id").GetString()!);
        Assert.Equal("2026-12-14", series[0].GetProperty("remsFormDue").GetString());

        await RunAsync<WorklistJobs>(job => job.RemsFormsAsync(CancellationToken.None));
        Assert.Equal(0, await WorkItemsAsync(session, WorkItemKind.RemsFormDue));
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{session}/status", new { status = "Arrived" })).StatusCode
        );
        await RunAsync<WorklistJobs>(job => job.RemsFormsAsync(CancellationToken.None));

        Assert.Equal(1, await WorkItemsAsync(session, WorkItemKind.RemsFormDue));
    }

    private async Task<BookingClient> BookAsync(string lastName, string template = "ketamine-iv-induction")
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync(lastName, "+12025550188");
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/patients/{patient}/rems-enrollment", new { })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await desk.PostAsync("/api/series", desk.Series(template, "2026-12-07T09:00", patientId: patient))
            ).StatusCode
        );
        return desk;
    }

    private async Task RunAsync<TJob>(Func<TJob, Task> run)
        where TJob : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    private async Task<PlannedMessage> SingleMessageAsync(BookingClient desk, MessageKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var clinic = Guid.Parse(desk.ClinicId);
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var first = await db
            .Appointments.Where(a => a.ClinicId == clinic)
            .OrderBy(a => a.StartInstant)
            .Select(a => a.Id)
            .FirstAsync();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.AppointmentId == first && m.Kind == kind);
    }

    private async Task<int> WorkItemsAsync(Guid subject, WorkItemKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .WorkItems.CountAsync(w => w.SubjectId == subject && w.Kind == kind);
    }
}

/// <summary>
/// Every recurring job is registered, with its stable id, wherever a Hangfire server runs. The ids are written out as
/// the README names them to operators (who find, trigger and silence jobs by them in the dashboard), not read from
/// the job classes' constants: renaming a constant changes the ids operators rely on, and this test says so.
/// </summary>
public sealed class RecurringJobRegistrationTests(SchedulingAppWithWorker app) : IClassFixture<SchedulingAppWithWorker>
{
    [Fact]
    public void Server_RegistersEveryRecurringJob_WithItsStableId()
    {
        _ = app.Services;
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var ids = connection.GetRecurringJobs().Select(j => j.Id).Order(StringComparer.Ordinal);

        string[] expected =
        [
            "alerts:repage",
            "messages:watchdog",
            "surveys:expire",
            "waitlist:offers",
            "worklist:maintenance",
            "worklist:rems-forms",
            "worklist:unconfirmed-rides",
        ];
        Assert.Equal(expected, ids);
    }
}
