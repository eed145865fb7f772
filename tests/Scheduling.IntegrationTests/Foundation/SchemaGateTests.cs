using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Scheduling.Core.Hosting;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>No silent auto-migration: the hosts refuse an old schema and say to run `migrate`.</summary>
public sealed class SchemaGateTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public async Task Host_ExitsWithMigrateAdvice_WhenMigrationsArePending(string host)
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var dll = host == "web" ? HostProcess.WebHostDll : HostProcess.WorkerHostDll;

        var result = await HostProcess.RunAsync(
            dll,
            Environment(database),
            ProcessTimeout,
            "--urls",
            "http://127.0.0.1:0"
        );

        Assert.Equal(HostRunExtensions.SchemaBehindExitCode, result.ExitCode);
        Assert.Contains("Run the migrate command first", result.Error, StringComparison.Ordinal);
        Assert.Contains("pending migration", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateCommand_BringsSchemaCurrent_AndIsSafeToRepeat()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var first = await HostProcess.RunAsync(
            HostProcess.WebHostDll,
            Environment(database),
            ProcessTimeout,
            "migrate"
        );
        var second = await HostProcess.RunAsync(
            HostProcess.WorkerHostDll,
            Environment(database),
            ProcessTimeout,
            "migrate"
        );

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("The database schema is current.", second.Output, StringComparison.Ordinal);
        await using var app = new GatedApp(database);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    private static Dictionary<string, string> Environment(TestDatabase database) =>
        new()
        {
            ["ConnectionStrings__Scheduling"] = database.ConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Sms__Mode"] = "Capture",
        };

    private sealed class GatedApp(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Scheduling", database.ConnectionString);
            builder.UseSetting("Worker:Enabled", "false");
            builder.UseSetting("Sms:Mode", "Capture");
        }
    }
}
