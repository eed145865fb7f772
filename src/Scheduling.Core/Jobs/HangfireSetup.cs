using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Jobs;

/// <summary>
/// Hangfire on PostgreSQL with settings chosen for punctual reminders and safe recovery. The schema is
/// installed by the migrate command only; a crashed worker's job becomes visible again after the
/// sliding invisibility timeout (kept alive while the job runs), not after Hangfire's 30 minutes.
/// </summary>
public static class HangfireSetup
{
    public const string Schema = Migrator.HangfireSchema;

    /// <summary>Queues in priority order: alerts never wait behind a burst of reminders.</summary>
    public static readonly string[] Queues = ["critical", "default", "maintenance"];

    public static PostgreSqlStorageOptions StorageOptions() =>
        new()
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = false,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };

    public static IServiceCollection AddSchedulingHangfire(
        this IServiceCollection services,
        IConfiguration configuration,
        bool runServer
    )
    {
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        var connectionString = SizedForWorkers(configuration.SchedulingConnectionString(), worker.Count);

        // One storage per host, registered before Hangfire's own registration (which would otherwise hand out the
        // process-wide JobStorage.Current, shared by every host in a test process). The dashboard, the server and
        // the job clients all take it from the container.
        services.AddSingleton<JobStorage>(_ =>
        {
            var options = StorageOptions();
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        services.AddHangfire(
            (provider, config) =>
                config
                    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                    .UseSimpleAssemblyNameTypeSerializer()
                    .UseRecommendedSerializerSettings()
                    .UseStorage(provider.GetRequiredService<JobStorage>())
        );

        if (runServer)
        {
            services.AddHangfireServer(options =>
            {
                options.ServerName = $"{AppDomain.CurrentDomain.FriendlyName}:{Environment.MachineName}";
                options.WorkerCount = worker.Count;
                options.Queues = Queues;
                options.SchedulePollingInterval = worker.SchedulePollingInterval;
                options.HeartbeatInterval = TimeSpan.FromSeconds(10);
                options.ServerTimeout = TimeSpan.FromMinutes(1);
                options.ServerCheckInterval = TimeSpan.FromSeconds(30);
            });
            services.AddHostedService<RecurringJobRegistration>();
        }

        return services;
    }

    /// <summary>
    /// Each worker may hold a connection while it fetches; leave room for the schedulers and the dashboard.
    /// </summary>
    private static string SizedForWorkers(string connectionString, int workers)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "scheduling-hangfire" };
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, (workers * 2) + 10);
        return builder.ConnectionString;
    }
}
