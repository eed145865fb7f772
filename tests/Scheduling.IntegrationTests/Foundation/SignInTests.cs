using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

public sealed class SignInTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task LoginForm_RedirectsHome_WhenPasswordIsRight()
    {
        var browser = app.CreateBrowser();

        var response = await SignIn.WithFormAsync(
            browser,
            SchedulingApp.EmailFor(Roles.FrontDesk),
            SchedulingApp.Password
        );

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var home = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(
            SchedulingApp.EmailFor(Roles.FrontDesk),
            await home.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task LoginForm_ShowsErrorAndSetsNoCookie_WhenPasswordIsWrong()
    {
        var browser = app.CreateBrowser();

        var response = await SignIn.WithFormAsync(browser, SchedulingApp.EmailFor(Roles.Ops), "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(
            "The email or password is not right.",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task LoginForm_IsRefused_WithoutAntiforgeryToken()
    {
        var browser = app.CreateBrowser();
        using var form = new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["Input.Email"] = SchedulingApp.EmailFor(Roles.Admin),
                ["Input.Password"] = SchedulingApp.Password,
            }
        );

        var response = await browser.PostAsync(new Uri("/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task LoginForm_IgnoresReturnUrl_WhenItLeavesTheSite()
    {
        var browser = app.CreateBrowser();
        var page = await browser.GetStringAsync(
            new Uri("/login?returnUrl=https%3A%2F%2Fevil.example%2F", UriKind.Relative)
        );

        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiLogin_ReturnsBearerToken_ThatCarriesTheRoles()
    {
        using var client = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/me", UriKind.Relative));

        Assert.Equal(SchedulingApp.EmailFor(Roles.Clinician), me.GetProperty("email").GetString());
        Assert.Equal([Roles.Clinician], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task ApiLogin_Returns401ProblemDetails_WhenPasswordIsWrong()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            new Uri("/api/auth/login", UriKind.Relative),
            new { email = SchedulingApp.EmailFor(Roles.Admin), password = "wrong-password-here" }
        );

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiLogin_Returns400NamingEachField_WhenFieldsAreMissingOrMalformed()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            new Uri("/api/auth/login", UriKind.Relative),
            new { email = "not-an-email" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"email\": 5, \"password\": true}")]
    public async Task ApiLogin_NeverAnswers500_ForMalformedBodies(string body)
    {
        using var client = app.CreateClient();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Api_Returns401_WithoutSignIn_AndWithAForgedToken()
    {
        using var client = app.CreateClient();
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode
        );

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged-token");
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode
        );
    }

    [Fact]
    public async Task Pages_RedirectToLogin_WithoutSignIn()
    {
        var browser = app.CreateBrowser();

        var response = await browser.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(
            "/login",
            response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Logout_EndsTheCookieSession()
    {
        var browser = await SignIn.BrowserAsync(app, Roles.Ops);
        var page = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        var token = System
            .Text.RegularExpressions.Regex.Match(
                page,
                "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\""
            )
            .Groups[1]
            .Value;
        using var form = new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token }
        );

        var response = await browser.PostAsync(new Uri("/logout", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }
}
