using System.Net;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>`users add` is how ops make the first admin; the account it makes can sign in with its role.</summary>
public sealed class UsersCommandTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task UsersAdd_CreatesAnAdminWhoCanSignIn()
    {
        var result = await AddUserAsync("first.admin@clinic.test", "a-long-enough-password", "Admin");

        Assert.Equal(0, result.ExitCode);
        var browser = app.CreateBrowser();
        var signIn = await SignIn.WithFormAsync(browser, "first.admin@clinic.test", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("someone@clinic.test", "a-long-enough-password", "Nurse", "Unknown role")]
    [InlineData("short.password@clinic.test", "short", "Ops", "at least 12 characters")]
    [InlineData("admin@test.local", "a-long-enough-password", "Admin", "already exists")]
    public async Task UsersAdd_FailsWithReason_AndCreatesNothing(
        string email,
        string password,
        string role,
        string reason
    )
    {
        var result = await AddUserAsync(email, password, role);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        var signIn = await SignIn.WithFormAsync(app.CreateBrowser(), email, password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task UsersAdd_PrintsUsage_WhenAnOptionIsMissing()
    {
        var result = await HostProcess.RunAsync(
            HostProcess.WebHostDll,
            Environment(),
            ProcessTimeout,
            "users",
            "add",
            "--email",
            "x@clinic.test"
        );

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("users add --email E --password P --role R", result.Error, StringComparison.Ordinal);
    }

    private Task<ProcessResult> AddUserAsync(string email, string password, string role) =>
        HostProcess.RunAsync(
            HostProcess.WebHostDll,
            Environment(),
            ProcessTimeout,
            "users",
            "add",
            "--email",
            email,
            "--password",
            password,
            "--role",
            role
        );

    private Dictionary<string, string> Environment() =>
        new() { ["ConnectionStrings__Scheduling"] = app.Database.ConnectionString, ["DOTNET_ENVIRONMENT"] = "Testing" };
}
