using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Auth;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>The web host with `Auth__RequireTwoFactorFor__0=Admin`.</summary>
public sealed class TwoFactorApp : SchedulingApp
{
    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.UseSetting("Auth:RequireTwoFactorFor:0", Roles.Admin);
}

/// <summary>
/// The TOTP second factor of ASP.NET Core Identity: enrolled through the API or the page, required of the
/// roles configured, asked for by the API's login and by the second step of /login. Codes are computed
/// here from the shared key, as an authenticator app does.
/// </summary>
public sealed partial class TwoFactorTests(TwoFactorApp app) : IClassFixture<TwoFactorApp>
{
    [Fact]
    public async Task EnrolThroughTheApi_ThenLoginNeedsTheCode()
    {
        await AddAsync("api.enrol@clinic.test", Roles.Clinician);
        var (client, _) = await Accounts.BearerAsync(app, "api.enrol@clinic.test");

        var setup = await (
            await Accounts.PostAsync(client, "/api/auth/2fa/setup")
        ).Content.ReadFromJsonAsync<JsonElement>();
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith(
            "otpauth://totp/Scheduling%3Aapi.enrol%40clinic.test?secret=" + key,
            setup.GetProperty("otpauthUri").GetString(),
            StringComparison.Ordinal
        );
        var wrong = await Accounts.PostAsync(client, "/api/auth/2fa/enable", new { code = Totp.WrongCode(key) });
        Assert.Equal(["code"], (await wrong.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var enabled = await Accounts.PostAsync(client, "/api/auth/2fa/enable", new { code = Totp.Code(key) });
        var pair = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(enabled.StatusCode == HttpStatusCode.OK, pair.ToString());

        // The token signed in with the password alone ended; the pair from enabling carries both factors.
        Assert.Equal(HttpStatusCode.Unauthorized, await Accounts.StatusAsync(client, "/api/auth/me"));
        Accounts.Use(client, pair);
        Assert.True((await Accounts.MeAsync(client)).GetProperty("secondFactor").GetBoolean());
        using var anonymous = app.CreateClient();
        var noCode = await Accounts.LoginAsync(anonymous, "api.enrol@clinic.test");
        Assert.Equal(StaffSignIn.CodeNeededTitle, await Accounts.TitleAsync(noCode, HttpStatusCode.Unauthorized));
        var badCode = await Accounts.LoginAsync(anonymous, "api.enrol@clinic.test", twoFactorCode: Totp.WrongCode(key));
        Assert.Equal(StaffSignIn.CodeWrongTitle, await Accounts.TitleAsync(badCode, HttpStatusCode.Unauthorized));
        var (withCode, _) = await Accounts.BearerAsync(app, "api.enrol@clinic.test", twoFactorCode: Totp.Code(key));
        Assert.True((await Accounts.MeAsync(withCode)).GetProperty("secondFactor").GetBoolean());
        Assert.Contains(await Accounts.AuditAsync(app, "two-factor-enabled"), e => e.Actor != "anonymous");
        var again = await Accounts.PostAsync(withCode, "/api/auth/2fa/setup");
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ARequiredRoleNotYetEnrolled_GetsAClear401FromTheApi_AndOnlyTheEnrolPageInABrowser()
    {
        await AddAsync("must.enrol@clinic.test", Roles.Admin);

        var api = await Accounts.LoginAsync(app.CreateClient(), "must.enrol@clinic.test");
        var wrongPassword = await Accounts.LoginAsync(
            app.CreateClient(),
            "must.enrol@clinic.test",
            "not-the-password-1"
        );

        Assert.Equal(StaffSignIn.MustEnrolTitle, await Accounts.TitleAsync(api, HttpStatusCode.Unauthorized));
        Assert.Equal(StaffSignIn.RefusedTitle, await Accounts.TitleAsync(wrongPassword, HttpStatusCode.Unauthorized));
        var browser = app.CreateBrowser();
        var signIn = await SignIn.WithFormAsync(browser, "must.enrol@clinic.test", SchedulingApp.Password);
        Assert.Equal("/account/two-factor", signIn.Headers.Location?.OriginalString);
        var settings = await browser.GetAsync(new Uri("/settings/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.Equal("/account/two-factor", settings.Headers.Location?.OriginalString);
        var users = await browser.GetAsync(new Uri("/api/users", UriKind.Relative));
        Assert.Equal(StaffSignIn.MustEnrolTitle, await Accounts.TitleAsync(users, HttpStatusCode.Forbidden));

        var page = await browser.GetStringAsync(new Uri("/account/two-factor", UriKind.Relative));
        var key = SharedKey()
            .Match(page)
            .Groups["key"]
            .Value.Replace(" ", "", StringComparison.Ordinal)
            .ToUpperInvariant();
        Assert.Contains("otpauth://totp/", page, StringComparison.Ordinal);
        var posted = await PostFormAsync(browser, "/account/two-factor", page, new() { ["Code"] = Totp.Code(key) });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(browser, "/settings/users"));
        var (token, _) = await Accounts.BearerAsync(app, "must.enrol@clinic.test", twoFactorCode: Totp.Code(key));
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(token, "/api/users"));
    }

    [Fact]
    public async Task TheLoginForm_AsksForTheCode_OnASecondStep()
    {
        await AddAsync("form.code@clinic.test", Roles.FrontDesk);
        var key = await EnrolAsync("form.code@clinic.test");
        var browser = app.CreateBrowser();

        var first = await SignIn.WithFormAsync(browser, "form.code@clinic.test", SchedulingApp.Password);
        var step = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Authenticator code", step, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await Accounts.StatusAsync(browser, "/today"));
        var wrong = await PostFormAsync(browser, "/login?handler=Code", step, new() { ["Code"] = Totp.WrongCode(key) });
        var retry = await wrong.Content.ReadAsStringAsync();
        Assert.Contains(StaffSignIn.CodeWrongTitle, retry, StringComparison.Ordinal);
        var right = await PostFormAsync(browser, "/login?handler=Code", retry, new() { ["Code"] = Totp.Code(key) });

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(browser, "/today"));
    }

    private async Task AddAsync(string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        Assert.Empty(await accounts.AddAsync(email, SchedulingApp.Password, role));
    }

    private async Task<string> EnrolAsync(string email)
    {
        var (client, _) = await Accounts.BearerAsync(app, email);
        var setup = await (
            await Accounts.PostAsync(client, "/api/auth/2fa/setup")
        ).Content.ReadFromJsonAsync<JsonElement>();
        var key = setup.GetProperty("sharedKey").GetString()!;
        var enabled = await Accounts.PostAsync(client, "/api/auth/2fa/enable", new { code = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        return key;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser,
        string path,
        string page,
        Dictionary<string, string> fields
    )
    {
        fields["__RequestVerificationToken"] = Antiforgery().Match(page).Groups["token"].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    [GeneratedRegex("id=\"shared-key\"[^>]*>(?<key>[a-z0-9 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Antiforgery();
}
