using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Auth;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>
/// docs/api-contract.md, "Access": an Admin adds, changes, disables and enables staff accounts, and each
/// change holds from the user's next request. No test here makes a second Admin: one checks the last one.
/// </summary>
public sealed class UserAdministrationTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task Post_CreatesAUserWithRolesAndClinics_WhoSignsInWithThem()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = (await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Users Clinic")))
            .GetProperty("id")
            .GetGuid();

        var created = await admin.CreatedAsync(
            "/api/users",
            new
            {
                email = "new.nurse@clinic.test",
                password = "a-long-enough-password",
                roles = new[] { Roles.Clinician, Roles.FrontDesk },
                clinicIds = new[] { clinic },
            }
        );

        Assert.Equal([Roles.FrontDesk, Roles.Clinician], Accounts.RolesOf(created));
        var listed = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/users", UriKind.Relative));
        Assert.Contains(listed.EnumerateArray(), u =>
            u.GetProperty("email").GetString() == "new.nurse@clinic.test"
            && u.GetProperty("clinicIds")[0].GetGuid() == clinic
            && !u.GetProperty("disabled").GetBoolean()
        );
        var (nurse, _) = await Accounts.BearerAsync(app, "new.nurse@clinic.test", "a-long-enough-password");
        var me = await Accounts.MeAsync(nurse);
        Assert.Equal([clinic], me.GetProperty("clinicIds").EnumerateArray().Select(c => c.GetGuid()));
        var id = created.GetProperty("id").GetString();
        Assert.Contains(await Accounts.AuditAsync(app, "created"), e => e.EntityId == id);
    }

    [Fact]
    public async Task Post_Refuses_EachBadFieldByName_AndCreatesNothing()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var response = await Accounts.PostAsync(
            admin,
            "/api/users",
            new
            {
                email = "not(an)email",
                password = "short",
                roles = new[] { "Nurse" },
                clinicIds = new[] { Guid.NewGuid() },
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["clinicIds[0]", "email", "password", "roles[0]"],
            problem.ErrorFields().Order(StringComparer.Ordinal)
        );
        var noRoles = await Accounts.PostAsync(
            admin,
            "/api/users",
            new
            {
                email = "no.roles@clinic.test",
                password = "a-long-enough-password",
                roles = Array.Empty<string>(),
            }
        );
        Assert.Equal(["roles"], (await noRoles.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var users = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/users", UriKind.Relative));
        Assert.DoesNotContain(users.EnumerateArray(), u =>
            u.GetProperty("email").GetString() == "no.roles@clinic.test"
        );
    }

    [Fact]
    public async Task Post_Answers409_ForAnEmailInUse()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var response = await Accounts.PostAsync(
            admin,
            "/api/users",
            new
            {
                email = SchedulingApp.EmailFor(Roles.Ops),
                password = "a-long-enough-password",
                roles = new[] { Roles.Admin },
            }
        );

        await response.ProblemAsync(HttpStatusCode.Conflict);
        var ops = await Accounts.MeAsync(await SignIn.ApiClientAsync(app, Roles.Ops));
        Assert.Equal([Roles.Ops], Accounts.RolesOf(ops));
    }

    [Fact]
    public async Task Put_NewRolesAndClinics_ApplyToTheSameTokenAndCookie_OnTheirNextRequest()
    {
        var id = await Accounts.CreateAsync(app, "changing.roles@clinic.test", [Roles.Clinician]);
        var (token, _) = await Accounts.BearerAsync(app, "changing.roles@clinic.test");
        var browser = await Accounts.BrowserAsync(app, "changing.roles@clinic.test");
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(browser, "/alerts"));
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(token, "/api/alerts"));
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = (await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Role Change Clinic")))
            .GetProperty("id")
            .GetGuid();

        var access = new { roles = new[] { Roles.Ops }, clinicIds = new[] { clinic } };
        var changed = await Accounts.PutAsync(admin, $"/api/users/{id}", access);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await Accounts.StatusAsync(token, "/api/alerts"));
        Assert.Equal(HttpStatusCode.Forbidden, await Accounts.StatusAsync(browser, "/alerts"));
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(browser, "/ops/delivery"));
        var me = await Accounts.MeAsync(token);
        Assert.Equal([Roles.Ops], Accounts.RolesOf(me));
        Assert.Equal([clinic], me.GetProperty("clinicIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Contains(await Accounts.AuditAsync(app, "changed"), e => e.EntityId == id);
    }

    [Fact]
    public async Task Put_RefusesUnknownRolesAndClinics_And404ForAnUnknownUser()
    {
        var id = await Accounts.CreateAsync(app, "kept.roles@clinic.test", [Roles.FrontDesk]);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var bad = await Accounts.PutAsync(
            admin,
            $"/api/users/{id}",
            new { roles = new[] { "Owner" }, clinicIds = new[] { Guid.NewGuid() } }
        );
        var unknown = await Accounts.PutAsync(
            admin,
            $"/api/users/{Guid.NewGuid()}",
            new { roles = new[] { Roles.Ops } }
        );

        var fields = (await bad.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields();
        Assert.Equal(["clinicIds[0]", "roles[0]"], fields.Order(StringComparer.Ordinal));
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        var (user, _) = await Accounts.BearerAsync(app, "kept.roles@clinic.test");
        Assert.Equal([Roles.FrontDesk], Accounts.RolesOf((await Accounts.MeAsync(user))));
    }

    [Fact]
    public async Task Disable_Ends_TheTokenAndCookie_AndSignIn_UntilEnabled()
    {
        var id = await Accounts.CreateAsync(app, "leaving@clinic.test", [Roles.FrontDesk]);
        var (token, _) = await Accounts.BearerAsync(app, "leaving@clinic.test");
        var browser = await Accounts.BrowserAsync(app, "leaving@clinic.test");
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var disabled = await Accounts.PostAsync(admin, $"/api/users/{id}/disable");

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await Accounts.StatusAsync(token, "/api/auth/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Accounts.StatusAsync(browser, "/api/auth/me"));
        Assert.Equal(HttpStatusCode.Redirect, await Accounts.StatusAsync(browser, "/today"));
        var refused = await Accounts.LoginAsync(app.CreateClient(), "leaving@clinic.test");
        Assert.Equal(StaffSignIn.RefusedTitle, await Accounts.TitleAsync(refused, HttpStatusCode.Unauthorized));

        var enabled = await Accounts.PostAsync(admin, $"/api/users/{id}/enable");

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Accounts.StatusAsync(token, "/api/auth/me"));
        var (again, _) = await Accounts.BearerAsync(app, "leaving@clinic.test");
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(again, "/api/auth/me"));
        Assert.Contains(await Accounts.AuditAsync(app, "disabled"), e => e.EntityId == id);
        Assert.Contains(await Accounts.AuditAsync(app, "enabled"), e => e.EntityId == id);
    }

    [Fact]
    public async Task AnAdmin_CannotDisableThemself_NorRemoveTheLastAdmin()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var self = (await Accounts.MeAsync(admin)).GetProperty("id").GetString();

        var disable = await Accounts.PostAsync(admin, $"/api/users/{self}/disable");
        var demote = await Accounts.PutAsync(admin, $"/api/users/{self}", new { roles = new[] { Roles.Ops } });

        await disable.ProblemAsync(HttpStatusCode.Conflict);
        var last = (await demote.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString();
        Assert.Contains("last Admin", last, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await Accounts.StatusAsync(admin, "/api/users"));
    }
}
