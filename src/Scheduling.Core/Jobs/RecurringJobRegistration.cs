using Hangfire;
using Microsoft.Extensions.Hosting;
using Scheduling.Core.Alerts;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Surveys;
using Scheduling.Core.Waitlist;
using Scheduling.Core.Worklist;

namespace Scheduling.Core.Jobs;

/// <summary>
/// Every recurring job, in one place, with a stable id: renaming an id leaves the old one running, so
/// add and remove here on purpose. Registration is idempotent, so every server may run it.
/// </summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager recurringJobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobs.Register(recurringJobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class RecurringJobs
{
    public static void Register(IRecurringJobManager recurringJobs)
    {
        ArgumentNullException.ThrowIfNull(recurringJobs);
        recurringJobs.AddOrUpdate<DispatchWatchdogJob>(
            DispatchWatchdogJob.Id,
            "maintenance",
            job => job.RunAsync(CancellationToken.None),
            Cron.Minutely()
        );
        recurringJobs.AddOrUpdate<WorklistJobs>(
            WorklistJobs.RidesId,
            "default",
            job => job.UnconfirmedRidesAsync(CancellationToken.None),
            "*/15 * * * *"
        );
        recurringJobs.AddOrUpdate<WorklistJobs>(
            WorklistJobs.RemsId,
            "default",
            job => job.RemsFormsAsync(CancellationToken.None),
            Cron.Hourly()
        );
        recurringJobs.AddOrUpdate<MaintenanceJob>(
            MaintenanceJob.Id,
            "default",
            job => job.RunAsync(CancellationToken.None),
            Cron.Hourly()
        );
        recurringJobs.AddOrUpdate<AlertRepageJob>(
            AlertRepageJob.Id,
            "critical",
            job => job.RunAsync(CancellationToken.None),
            Cron.Minutely()
        );
        recurringJobs.AddOrUpdate<WaitlistOfferJob>(
            WaitlistOfferJob.Id,
            "default",
            job => job.RunAsync(CancellationToken.None),
            Cron.Minutely()
        );
        recurringJobs.AddOrUpdate<SurveyExpiryJob>(
            SurveyExpiryJob.Id,
            "default",
            job => job.RunAsync(CancellationToken.None),
            "*/5 * * * *"
        );
    }
}
