using Scheduling.Core.Commands;
using Scheduling.Core.Hosting;
using Scheduling.Core.Jobs;
using Scheduling.Core.Messaging.Dispatch;

if (SchedulingCommands.IsCommand(args))
{
    return await SchedulingCommands.RunAsync(args);
}

var builder = Host.CreateApplicationBuilder(
    new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory }
);
builder.Services.AddSchemaGate();
builder.Services.AddSchedulingCore(builder.Configuration);
builder.Services.AddSchedulingHangfire(builder.Configuration, runServer: true);
builder.Services.AddSchedulingMessaging(builder.Configuration, runDispatcher: true);
builder.Services.AddSchedulingTelemetry(builder.Configuration, "scheduling-worker");

using var host = builder.Build();
return await host.RunOrExplainAsync();
