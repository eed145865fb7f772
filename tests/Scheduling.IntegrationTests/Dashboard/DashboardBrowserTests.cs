using Microsoft.Playwright;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dashboard;

public sealed class DashboardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task SignIn_ShowsTheStartPage_InARealBrowser()
    {
        var page = await app.SignedInPageAsync(Roles.FrontDesk);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scheduling" })).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "start");
    }
}
