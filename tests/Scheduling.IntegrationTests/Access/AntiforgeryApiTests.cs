using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Hosting;

namespace Scheduling.IntegrationTests.Access;

/// <summary>
/// A browser sends the sign-in cookie with a request that any page of the site starts, so a change to the API
/// made with the cookie needs the anti-forgery token of one of our pages in a header; bearer tokens do not.
/// </summary>
public sealed partial class AntiforgeryApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly string[] Changes = ["POST", "PUT", "DELETE", "PATCH"];

    private HttpClient Client() =>
        app.CreateClient(
            new WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false,
                HandleCookies = false,
                BaseAddress = SchedulingApp.HttpsBase,
            }
        );

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        string method,
        string path,
        string cookies,
        string? token = null
    )
    {
        using var request = CookieSignIn.Request(new HttpMethod(method), path);
        request.Headers.Add("Cookie", cookies);
        if (token is not null)
        {
            request.Headers.Add(ApiAntiforgery.HeaderName, token);
        }

        request.Content = method == "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task EveryStateChangingApiRoute_RefusesTheCookieWithoutTheToken()
    {
        using var client = Client();
        var admin = await CookieSignIn.SignInAsync(client, Roles.Admin);
        var routes = ChangingApiRoutes().ToList();
        Assert.Contains(routes, r => r.Path.EndsWith("/acknowledge", StringComparison.Ordinal));

        foreach (var (method, path) in routes)
        {
            var response = await SendAsync(client, method, path, admin.Cookies);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
            Assert.Contains(ApiAntiforgery.HeaderName, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AcknowledgeCloseAndRetry_WithTheCookieAlone_ChangeNothing_AndWorkWithThePagesToken()
    {
        var (alert, item, message) = await ThingsToChangeAsync();
        using var client = Client();
        var admin = await CookieSignIn.SignInAsync(client, Roles.Admin);
        string[] paths =
        [
            $"/api/alerts/{alert}/acknowledge",
            $"/api/work-items/{item}/done",
            $"/api/messages/{message}/retry",
        ];
        var auditBefore = await CountAuditAsync();

        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "POST", path, admin.Cookies)).StatusCode);
            var forged = await SendAsync(client, "POST", path, admin.Cookies, "not-a-token");
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            Assert.Equal(AlertState.Open, (await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == alert)).State);
            Assert.Equal(WorkItemState.Open, (await db.WorkItems.AsNoTracking().SingleAsync(w => w.Id == item)).State);
            var failed = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == message);
            Assert.Equal(MessageState.Failed, failed.State);
            Assert.Equal(auditBefore, await CountAuditAsync());
        }

        using var page = CookieSignIn.Request(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", admin.Cookies);
        var token = CookieSignIn.FormToken(await (await client.SendAsync(page)).Content.ReadAsStringAsync());
        foreach (var path in paths)
        {
            var response = await SendAsync(client, "POST", path, admin.Cookies, token);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task BearerTokens_AndCookieReads_NeedNoAntiforgeryToken()
    {
        using var client = Client();
        var admin = await CookieSignIn.SignInAsync(client, Roles.Admin);
        using var bearer = await SignIn.ApiClientAsync(app, Roles.Admin);

        using var me = CookieSignIn.Request(HttpMethod.Get, "/api/auth/me");
        me.Headers.Add("Cookie", admin.Cookies);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(me)).StatusCode);
        var created = await bearer.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Bearer Clinic"));
        Assert.False(string.IsNullOrEmpty(created.GetProperty("id").GetString()));
    }

    private async Task<int> CountAuditAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SchedulingDbContext>().AuditEvents.CountAsync();
    }

    /// <summary>An open alert, an open task and a failed message of a booked patient.</summary>
    private async Task<(Guid Alert, Guid Item, Guid Message)> ThingsToChangeAsync()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));
        var (clinic, patient) = (Guid.Parse(desk.ClinicId), Guid.Parse(desk.PatientId));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var message = await db
            .Messages.Where(m => m.PatientId == patient && m.AppointmentId != null)
            .OrderBy(m => m.DueAt)
            .FirstAsync();
        var now = app.Clock.GetCurrentInstant();
        message.Claim("test", now + Duration.FromMinutes(2), now);
        message.RecordFailure(MessageReason.SendFailed, "refused in the test", tried: true, now);
        var alert = new SafetyAlert
        {
            PatientId = patient,
            ClinicId = clinic,
            Kind = AlertKind.SelfHarmRisk,
            CreatedAt = now,
        };
        var item = WorkItem.Open(
            new WorkItemOpening(
                clinic,
                patient,
                WorkItemKind.RideUnconfirmed,
                message.AppointmentId!.Value,
                "A ride to confirm."
            ),
            now
        );
        db.Alerts.Add(alert);
        db.WorkItems.Add(item);
        await db.SaveChangesAsync();
        return (alert.Id, item.Id, message.Id);
    }

    /// <summary>Every route under /api that changes something and needs a sign-in, with made-up ids.</summary>
    private IEnumerable<(string Method, string Path)> ChangingApiRoutes() =>
        app
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .Where(e => e.Metadata.LastOrDefault(m => m is IAllowAnonymous or IAuthorizeData) is not IAllowAnonymous)
            .SelectMany(e =>
                (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                    .Where(Changes.Contains)
                    .Select(method => (method, Concrete("/" + e.RoutePattern.RawText!.TrimStart('/'))))
            )
            .Distinct();

    private static string Concrete(string pattern) =>
        RouteParameter()
            .Replace(pattern, p => p.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
                : p.Value.Contains("date", StringComparison.Ordinal) ? "2026-12-24"
                : "Reminder");

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
