using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scheduling.Core.Alerts;
using Scheduling.Core.Audit;
using Scheduling.Core.Booking;
using Scheduling.Core.Clinics;
using Scheduling.Core.Jobs;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Messaging.Inbound;
using Scheduling.Core.Patients;
using Scheduling.Core.Persistence;
using Scheduling.Core.Rems;
using Scheduling.Core.Surveys;
using Scheduling.Core.Templates;
using Scheduling.Core.Users;
using Scheduling.Core.Waitlist;
using Scheduling.Core.Worklist;

namespace Scheduling.Core.Hosting;

/// <summary>
/// The composition root shared by both hosts and the commands: the only place that picks the real clock.
/// </summary>
public static class SchedulingCoreExtensions
{
    public static IServiceCollection AddSchedulingCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory, RedactingLoggerFactory>());
        services.AddSingleton(DateTimeZoneProviders.Tzdb);
        services.AddSchedulingDatabase(configuration);
        services.AddSchedulingIdentity();
        services.AddScoped<UserAccounts>();
        services.AddScoped<UserAdministration>();
        services.TryAddScoped<IActor, SystemActor>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<ClinicDirectory>();
        services.AddScoped<ClinicEditor>();
        services.AddScoped<ClinicSettings>();
        services.AddScoped<ClinicHours>();
        services.AddScoped<ClinicChairs>();
        services.AddScoped<OnCallRoster>();
        services.AddScoped<TemplateCatalogue>();
        services.AddScoped<WordingBook>();
        services.AddSingleton<ClinicNameRendering>();
        services.AddSingleton<WordingChecks>();
        services.AddScoped<ClinicNameCheck>();
        services.AddScoped<PatientRegistry>();
        services.AddSingleton<DispatchSignal>();
        services.AddScoped<SurveyPlanner>();
        services.AddScoped<PatientDetails>();
        services.AddScoped<MessagePlanner>();
        services.AddScoped<SeriesBooking>();
        services.AddScoped<AppointmentBook>();
        services.AddScoped<SessionChanges>();
        services.AddScoped<BookingGates>();
        services.AddScoped<Rescheduling>();
        services.AddScoped<PatientSelfService>();
        services.AddScoped<SelfServiceTimes>();
        services.AddScoped<SeriesMove>();
        services.AddScoped<SeriesSessions>();
        services.AddScoped<MaintenanceJob>();
        services.AddScoped<InboundSmsHandler>();
        services.AddScoped<MessageHistory>();
        services.AddScoped<CapForecast>();
        services.AddScoped<SurveyHistory>();
        services.AddScoped<SurveyFollowUps>();
        services.AddScoped<SurveyDetails>();
        services.AddScoped<SurveyExpiryJob>();
        services.AddScoped<SurveyResponses>();
        services.AddScoped<SafetyAlerts>();
        services.AddScoped<AlertBoard>();
        services.AddScoped<AlertRepageJob>();
        services
            .AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<WaitlistBook>();
        services.AddScoped<WaitlistOfferJob>();
        services.AddScoped<WaitlistAnswers>();
        services.AddScoped<WaitlistReplies>();
        services
            .AddOptions<WaitlistOptions>()
            .BindConfiguration(WaitlistOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<WorkItemBoard>();
        services.AddScoped<RemsRecords>();
        services.AddScoped<ClinicTemplateOptions>();
        services.AddScoped<MessageRetry>();
        services.AddScoped<DeliveryStatusHandler>();
        services.AddScoped<DispatchWatchdogJob>();
        services.AddScoped<WorklistJobs>();
        services
            .AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>Refuses to start a host against a database whose schema is behind this build.</summary>
    public static IServiceCollection AddSchemaGate(this IServiceCollection services) =>
        services.AddHostedService<SchemaGate>();
}
