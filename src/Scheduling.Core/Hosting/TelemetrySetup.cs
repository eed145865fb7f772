using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Telemetry;

namespace Scheduling.Core.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: the scheduling activity source and meter (<see cref="SchedulingTelemetry"/>),
/// outgoing HTTP (Twilio), PostgreSQL commands and the .NET runtime. Traces and metrics go to an OTLP endpoint
/// only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other <c>OTEL_*</c> variables
/// the SDK reads); otherwise nothing leaves the process, and the web host still serves <c>/metrics</c>.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OpenTelemetryBuilder AddSchedulingTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName
    )
    {
        var telemetry = services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
                tracing.AddSource(SchedulingTelemetry.Name).AddHttpClientInstrumentation().AddNpgsql()
            )
            .WithMetrics(metrics =>
                metrics.AddMeter(SchedulingTelemetry.Name).AddHttpClientInstrumentation().AddRuntimeInstrumentation()
            );
        services.AddHostedService<GaugesAtStart>();
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]))
        {
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }

    /// <summary>Observable gauges exist once created: the host creates them as it starts.</summary>
    private sealed class GaugesAtStart(OperationsGauges gauges) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(gauges);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
