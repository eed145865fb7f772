using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// The real web host (its Program, its middleware, its authorization) on a real PostgreSQL database of
/// its own. One instance per test class; users of every role are created once.
/// </summary>
public class SchedulingApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private TestDatabase? _database;

    public TestDatabase Database =>
        _database ?? throw new InvalidOperationException("The fixture has not been initialised.");

    /// <summary>Whether this host runs a Hangfire server too (Worker__Enabled).</summary>
    protected virtual bool RunWorker => false;

    /// <summary>
    /// Thursday 26 November 2026, noon UTC: the tests' "now", moved on by the tests that need time to pass.
    /// </summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 26, 12, 0);

    public FakeClock Clock { get; } = new(Start);

    /// <summary>
    /// Clients speak https, as a browser does behind the TLS of production: outside local mode every cookie is
    /// Secure, and a cookie container sends such a cookie over https only. (The test server has no sockets,
    /// so nothing is encrypted; the request's scheme is all that differs.)
    /// </summary>
    public static readonly Uri HttpsBase = new("https://localhost");

    public SchedulingApp() => ClientOptions.BaseAddress = HttpsBase;

    public static string EmailFor(string role) => $"{role.ToLowerInvariant()}@test.local";

    public async Task InitializeAsync()
    {
        await StartDependenciesAsync();
        _database = await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        foreach (var role in Roles.All)
        {
            var problems = await accounts.AddAsync(EmailFor(role), Password, role);
            Assert.Empty(problems);
        }

        await ReadyAsync();
    }

    /// <summary>
    /// Each test of a class that calls this (from its IAsyncLifetime.InitializeAsync) starts from the same database:
    /// the reference data and the users of every role, nothing a test before it added
    /// (<see cref="TestDatabase.ResetAsync"/>).
    /// For fixtures without a worker: a running Hangfire server or dispatcher would write while the rows go.
    /// </summary>
    public Task ResetDatabaseAsync() =>
        RunWorker
            ? throw new InvalidOperationException("A fixture with a worker cannot be reset under it.")
            : Database.ResetAsync();

    public HttpClient CreateBrowser() =>
        CreateClient(
            new WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false,
                HandleCookies = true,
                BaseAddress = HttpsBase,
            }
        );

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Scheduling", Database.ConnectionString);
        builder.UseSetting("Worker:Enabled", RunWorker ? "true" : "false");
        builder.UseSetting("RateLimits:SignInsPerMinute", "10000");
        // Warnings and errors only: a failing test's own output stays readable in a long CI log.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        builder.UseSetting("Logging:LogLevel:Scheduling.Web.Hosting.KeyProtectionNotice", "Error");
        builder.UseSetting("Logging:LogLevel:Scheduling.Core.Messaging.Sms.SmsCaptureNotice", "Error");
        // No Twilio account here: SMS are captured, asked for by name as outside local mode they must be.
        builder.UseSetting("Sms:Mode", "Capture");
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
        ConfigureSettings(builder);
    }

    /// <summary>Servers the host talks to (fake SMTP, fake Twilio), started before the host.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    protected virtual void ConfigureSettings(IWebHostBuilder builder) { }

    /// <summary>Runs once the host is up and its users exist.</summary>
    protected virtual Task ReadyAsync() => Task.CompletedTask;

    protected virtual ValueTask StopDependenciesAsync() => ValueTask.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await StopDependenciesAsync();
    }
}

/// <summary>The web host with an in-process Hangfire server, as in local mode.</summary>
public sealed class SchedulingAppWithWorker : SchedulingApp
{
    protected override bool RunWorker => true;
}
