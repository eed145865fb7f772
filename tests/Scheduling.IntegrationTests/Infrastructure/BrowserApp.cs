using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// The real web host served by Kestrel on a free local port (WebApplicationFactory.UseKestrel), with the
/// tests' FakeClock, driven by Debian's Chromium through Playwright. Playwright never downloads a
/// browser: it launches the one at <see cref="ChromiumPath"/>, and a missing one fails the tests with a
/// message that says how to install it.
/// </summary>
public sealed partial class BrowserApp : SchedulingApp
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// Generous waits: the build machines are shared, and a page that is merely slow there is not a failure.
    /// </summary>
    private const float WaitMilliseconds = 90_000;

    public BrowserApp()
    {
        UseKestrel(0);
        Assertions.SetDefaultExpectTimeout(WaitMilliseconds);
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Kestrel here speaks plain http on loopback, the default known proxy, as behind a TLS-terminating proxy: the
    /// browser's requests say they came over https, so the host's Secure cookies are issued as in production.
    /// </summary>
    public static readonly Dictionary<string, string> ForwardedHttps = new() { ["X-Forwarded-Proto"] = "https" };

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not been initialised.");

    protected override Task StartDependenciesAsync() =>
        File.Exists(ChromiumPath)
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}: "
                    + "ops/test.sh installs it, or run `apt-get install -y chromium`."
            );

    protected override async Task ReadyAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(
            addresses
                .First()
                .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
                .Replace("localhost", "127.0.0.1", StringComparison.Ordinal)
        );
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            }
        );
    }

    /// <summary>
    /// A fresh browser context (its own cookies) signed in through the /login form as a user of the role.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string role)
    {
        var context = await Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                BaseURL = BaseAddress.ToString(),
                Locale = "en-US",
                ExtraHTTPHeaders = ForwardedHttps,
            }
        );
        context.SetDefaultTimeout(WaitMilliseconds);
        context.SetDefaultNavigationTimeout(WaitMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(EmailFor(role));
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await LeftAsync(page, LoginPage());
        return page;
    }

    /// <summary>
    /// Waits until the page's address no longer matches <paramref name="from"/>, after a click that posted a form
    /// and was answered with a redirect. Not WaitForURLAsync: Playwright's .NET client decides there whether the
    /// navigation and its load event have already happened by reading state that the connection's reader thread
    /// updates, and only then subscribes to the events; when the events arrive between that check and the
    /// subscription (a loaded machine preempts the test thread there), it waits for an event that has already
    /// passed until its timeout, 90 s on a page that had long left /login. The web-first assertion polls the
    /// address instead and cannot miss it; the steps after it wait for what they need on the new page.
    /// </summary>
    public static Task LeftAsync(IPage page, Regex from) => Assertions.Expect(page).Not.ToHaveURLAsync(from);

    [GeneratedRegex("/login(\\?|$)")]
    private static partial Regex LoginPage();

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
