using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Auth;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>
/// README, "Users and sign-in": sessions end at the next request when the account changes under them,
/// refresh tokens work end to end and no further, and every refused sign-in looks the same.
/// </summary>
public sealed class SessionRevocationTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task ANewPassword_EndsTheCookieAndTheTokens()
    {
        var id = await Accounts.CreateAsync(app, "new.password@clinic.test", [Roles.FrontDesk]);
        var (token, refresh) = await Accounts.BearerAsync(app, "new.password@clinic.test");
        var browser = await Accounts.BrowserAsync(app, "new.password@clinic.test");
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(browser, "/today"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var outcome = await scope
                .ServiceProvider.GetRequiredService<UserAdministration>()
                .SetPasswordAsync(Guid.Parse(id), "another-long-password", "test", CancellationToken.None);
            Assert.Equal(Scheduling.Core.Contracts.OutcomeKind.Ok, outcome.Kind);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Accounts.StatusAsync(token, "/api/auth/me"));
        Assert.Equal(HttpStatusCode.Redirect, await Accounts.StatusAsync(browser, "/today"));
        var refreshed = await Accounts.PostAsync(token, "/api/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        var (fresh, _) = await Accounts.BearerAsync(app, "new.password@clinic.test", "another-long-password");
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(fresh, "/api/auth/me"));
    }

    [Fact]
    public async Task Refresh_GivesANewWorkingPair_WithTheRolesAsTheyAreNow()
    {
        var id = await Accounts.CreateAsync(app, "refreshing@clinic.test", [Roles.FrontDesk]);
        var (client, refresh) = await Accounts.BearerAsync(app, "refreshing@clinic.test");
        using (var admin = await SignIn.ApiClientAsync(app, Roles.Admin))
        {
            var put = await Accounts.PutAsync(admin, $"/api/users/{id}", new { roles = new[] { Roles.Clinician } });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var anonymous = app.CreateClient();
        var response = await Accounts.PostAsync(anonymous, "/api/auth/refresh", new { refreshToken = refresh });

        var pair = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, pair.ToString());
        Assert.NotEqual(refresh, pair.GetProperty("refreshToken").GetString());
        Accounts.Use(anonymous, pair);
        var me = await Accounts.MeAsync(anonymous);
        Assert.Equal([Roles.Clinician], Accounts.RolesOf(me));
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(client, "/api/auth/me"));
    }

    [Fact]
    public async Task Refresh_Refuses_ADisabledAccount_AForgedToken_AndAnAccessToken()
    {
        var id = await Accounts.CreateAsync(app, "refresh.disabled@clinic.test", [Roles.Ops]);
        using var client = app.CreateClient();
        var signedIn = await Accounts.LoginAsync(client, "refresh.disabled@clinic.test");
        var login = await signedIn.Content.ReadFromJsonAsync<JsonElement>();
        var refresh = login.GetProperty("refreshToken").GetString();

        var forged = await Accounts.PostAsync(client, "/api/auth/refresh", new { refreshToken = "forged" });
        var accessToken = login.GetProperty("accessToken").GetString();
        var access = await Accounts.PostAsync(client, "/api/auth/refresh", new { refreshToken = accessToken });
        var missing = await Accounts.PostAsync(client, "/api/auth/refresh", new { });
        using (var admin = await SignIn.ApiClientAsync(app, Roles.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, (await Accounts.PostAsync(admin, $"/api/users/{id}/disable")).StatusCode);
        }

        var afterDisable = await Accounts.PostAsync(client, "/api/auth/refresh", new { refreshToken = refresh });

        await forged.ProblemAsync(HttpStatusCode.Unauthorized);
        await access.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(["refreshToken"], (await missing.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        await afterDisable.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownWrongLockedAndDisabledAccounts_GetTheSameAnswer()
    {
        await Accounts.CreateAsync(app, "to.lock@clinic.test", [Roles.FrontDesk]);
        var disabledId = await Accounts.CreateAsync(app, "to.disable@clinic.test", [Roles.FrontDesk]);
        using (var admin = await SignIn.ApiClientAsync(app, Roles.Admin))
        {
            await Accounts.PostAsync(admin, $"/api/users/{disabledId}/disable");
        }

        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await Accounts.LoginAsync(client, "to.lock@clinic.test", "wrong-password-again");
        }

        var answers = new[]
        {
            await Accounts.LoginAsync(client, "nobody.here@clinic.test"),
            await Accounts.LoginAsync(client, SchedulingApp.EmailFor(Roles.Ops), "wrong-password-here"),
            await Accounts.LoginAsync(client, "to.lock@clinic.test"),
            await Accounts.LoginAsync(client, "to.disable@clinic.test"),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(Accounts.StableProblemAsync));
        Assert.Single(bodies.Distinct());
        Assert.Contains(StaffSignIn.RefusedTitle, bodies[0], StringComparison.Ordinal);
        var form = await SignIn.WithFormAsync(app.CreateBrowser(), "to.lock@clinic.test", SchedulingApp.Password);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var page = await form.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is not right.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIns_AreAudited_WithoutPasswordsOrEmails()
    {
        var id = await Accounts.CreateAsync(app, "audited@clinic.test", [Roles.FrontDesk]);
        using var client = app.CreateClient();
        await Accounts.LoginAsync(client, "audited@clinic.test");
        await Accounts.LoginAsync(client, "audited@clinic.test", "a-wrong-password-1");
        await Accounts.LoginAsync(client, "never.existed@clinic.test", "a-wrong-password-2");
        for (var i = 0; i < 5; i++)
        {
            await Accounts.LoginAsync(client, "audited@clinic.test", "a-wrong-password-3");
        }

        var success = await Accounts.AuditAsync(app, "signed-in");
        var failed = await Accounts.AuditAsync(app, "sign-in-failed");
        var locked = await Accounts.AuditAsync(app, "locked-out");

        Assert.Contains(success, e => e.EntityId == id);
        Assert.Contains(failed, e => e.EntityId == id);
        Assert.Contains(failed, e =>
            e.EntityId == Guid.Empty.ToString() && e.Details!.Contains("emailHash", StringComparison.Ordinal)
        );
        Assert.Contains(locked, e => e.EntityId == id);
        Assert.All(success.Concat(failed).Concat(locked), e =>
            Assert.DoesNotContain("a-wrong-password", e.Details ?? "", StringComparison.Ordinal)
        );
        Assert.All(failed, e =>
            Assert.DoesNotContain("never.existed", e.Details ?? "", StringComparison.OrdinalIgnoreCase)
        );
    }
}
