using Scheduling.Core.Commands;
using Scheduling.Core.Hosting;
using Scheduling.Core.Jobs;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Web.Hosting;
using Scheduling.Web.Operations;

if (SchedulingCommands.IsCommand(args))
{
    return await SchedulingCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(
    new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
);
builder.Services.AddSchemaGate();
builder.Services.AddSchedulingCore(builder.Configuration);
var runWorker = builder.Configuration.GetValue<bool>("Worker:Enabled");
builder.Services.AddSchedulingHangfire(builder.Configuration, runServer: runWorker);
builder.Services.AddSchedulingMessaging(builder.Configuration, runDispatcher: runWorker);
builder.Services.AddSchedulingWeb();
builder.Services.AddSchedulingTelemetry(builder.Configuration, "scheduling-web").AddSchedulingMetricsEndpoint();
builder.Services.AddSchedulingDataProtection(builder.Configuration);

var app = builder.Build();
app.UseSchedulingWeb();
app.MapSchedulingEndpoints();
return await app.RunOrExplainAsync();

/// <summary>The web host's entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
