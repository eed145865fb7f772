using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Telemetry;

namespace Scheduling.Core.Messaging.Dispatch;

public static class DispatchExtensions
{
    /// <summary>Composing and sending messages; the dispatcher loop itself only where a worker runs.</summary>
    public static IServiceCollection AddSchedulingMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        bool runDispatcher
    )
    {
        services.AddSchedulingMessagingAdapters(configuration);
        services
            .AddOptions<ContentOptions>()
            .BindConfiguration(ContentOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<DispatchOptions>()
            .BindConfiguration(DispatchOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ContentCheck>();
        services.AddSingleton<WordingRenderer>();
        services.AddSingleton<MessageQueue>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<FailureFollowUp>();
        services.AddSingleton<SurveyLinkStore>();
        services.AddSingleton<DispatchRound>();
        services.AddSingleton<DispatcherHeartbeat>();
        services.AddSingleton<DeliveryFigures>();
        services.AddSingleton<SchedulingMetrics>();
        services.AddSingleton<OperationsGauges>();
        if (
            runDispatcher
            && (
                configuration.GetSection(DispatchOptions.Section).Get<DispatchOptions>() ?? new DispatchOptions()
            ).Enabled
        )
        {
            services.AddHostedService<MessageDispatcher>();
        }

        return services;
    }
}
