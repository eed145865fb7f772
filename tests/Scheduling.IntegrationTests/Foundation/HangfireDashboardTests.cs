using System.Net;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>The Hangfire dashboard is for Ops and Admin only, and never shows the storage connection string.</summary>
public sealed class HangfireDashboardTests(SchedulingAppWithWorker app) : IClassFixture<SchedulingAppWithWorker>
{
    [Fact]
    public async Task Dashboard_RedirectsToLogin_WhenAnonymous()
    {
        var browser = app.CreateBrowser();

        var response = await browser.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    public async Task Dashboard_Returns403_ForRolesOtherThanOpsAndAdmin(string role)
    {
        var browser = await SignIn.BrowserAsync(app, role);

        var response = await browser.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public async Task Dashboard_ShowsALiveServer_ForOpsAndAdmin(string role)
    {
        var browser = await SignIn.BrowserAsync(app, role);

        var response = await browser.GetAsync(new Uri("/hangfire/servers", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Environment.MachineName.ToLowerInvariant(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Database.ConnectionString, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dashboard_Returns403_ForBearerTokenOfFrontDesk()
    {
        using var client = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
