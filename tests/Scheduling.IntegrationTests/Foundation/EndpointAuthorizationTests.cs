using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>
/// Every route the host maps, held to one table: which are public, and which roles each of the others
/// admits. A new endpoint that is not in the table fails the first test until someone decides.
/// </summary>
public sealed partial class EndpointAuthorizationTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private const string AnyRole = "any";

    private static readonly string[] CareTeam = [Roles.FrontDesk, Roles.Clinician];

    /// <summary>docs/api-contract.md, "Access": patient data is never Ops' business (docs/access.md).</summary>
    private static readonly string[] PatientDataPrefixes =
    [
        "/api/patients",
        "/api/series",
        "/api/appointments",
        "/api/surveys",
        "/api/alerts",
        "/api/work-items",
        "/api/messages",
        "/api/waitlist",
        "/waitlist",
        "/patients",
        "/sessions",
        "/today",
        "/worklists",
        "/alerts",
        "/captured",
    ];

    /// <summary>Route pattern → roles allowed (Admin always is). "public" needs no sign-in.</summary>
    private static readonly Dictionary<string, string[]> Table = new(StringComparer.Ordinal)
    {
        ["GET /health/live"] = ["public"],
        ["GET /health/ready"] = ["public"],
        ["POST /health/live"] = ["public"],
        ["POST /health/ready"] = ["public"],
        ["GET /openapi/{documentName}.json"] = ["public"],
        ["POST /api/auth/login"] = ["public"],
        ["POST /api/auth/refresh"] = ["public"],
        ["POST /api/auth/2fa/setup"] = [AnyRole],
        ["POST /api/auth/2fa/enable"] = [AnyRole],
        ["GET /account/two-factor"] = [AnyRole],
        ["POST /account/two-factor"] = [AnyRole],
        ["GET /api/users/"] = [Roles.Admin],
        ["POST /api/users/"] = [Roles.Admin],
        ["PUT /api/users/{id:guid}"] = [Roles.Admin],
        ["POST /api/users/{id:guid}/disable"] = [Roles.Admin],
        ["POST /api/users/{id:guid}/enable"] = [Roles.Admin],
        ["GET /login"] = ["public"],
        ["POST /login"] = ["public"],
        ["GET /status/{code:int}"] = ["public"],
        ["POST /status/{code:int}"] = ["public"],
        ["POST /webhooks/twilio/sms"] = ["public"],
        ["POST /webhooks/twilio/status"] = ["public"],
        ["GET /s/{token}"] = ["public"],
        ["POST /s/{token}"] = ["public"],
        ["GET /p/{token}"] = ["public"],
        ["POST /p/{token}"] = ["public"],
        ["GET /api/auth/me"] = [AnyRole],
        ["GET /"] = [AnyRole],
        ["POST /"] = [AnyRole],
        ["GET /Index"] = [AnyRole],
        ["POST /Index"] = [AnyRole],
        ["GET /logout"] = [AnyRole],
        ["POST /logout"] = [AnyRole],
        ["GET /captured/sms"] = [Roles.Admin],
        ["POST /captured/sms"] = [Roles.Admin],
        ["POST /api/clinics/"] = [Roles.Admin],
        ["GET /api/clinics/"] = [AnyRole],
        ["GET /api/clinics/{id:guid}"] = [AnyRole],
        ["PUT /api/clinics/{id:guid}"] = [Roles.Admin],
        ["POST /api/clinics/{id:guid}/closures"] = [Roles.Admin],
        ["DELETE /api/clinics/{id:guid}/closures/{date}"] = [Roles.Admin],
        ["PUT /api/clinics/{id:guid}/sending-window"] = [Roles.Admin],
        ["PUT /api/clinics/{id:guid}/opening-hours"] = [Roles.Admin],
        ["POST /api/clinics/{id:guid}/chairs"] = [Roles.Admin],
        ["PUT /api/clinics/{id:guid}/chairs/{chairId:guid}"] = [Roles.Admin],
        ["POST /api/clinics/{id:guid}/chairs/{chairId:guid}/retire"] = [Roles.Admin],
        ["POST /api/clinics/{id:guid}/on-call"] = [Roles.Admin],
        ["PUT /api/clinics/{id:guid}/on-call/{contactId:guid}"] = [Roles.Admin],
        ["DELETE /api/clinics/{id:guid}/on-call/{contactId:guid}"] = [Roles.Admin],
        ["POST /api/templates/"] = [Roles.Admin],
        ["GET /api/templates/"] = [AnyRole],
        ["POST /api/templates/{id:guid}/retire"] = [Roles.Admin],
        ["GET /api/clinics/{clinicId:guid}/message-templates/"] = [Roles.Admin],
        ["PUT /api/clinics/{clinicId:guid}/message-templates/{kind}/{channel}"] = [Roles.Admin],
        ["DELETE /api/clinics/{clinicId:guid}/message-templates/{kind}/{channel}"] = [Roles.Admin],
        ["POST /api/patients/"] = [Roles.FrontDesk],
        ["GET /api/patients/"] = CareTeam,
        ["GET /api/patients/{id:guid}"] = CareTeam,
        ["GET /api/patients/{id:guid}/messages"] = CareTeam,
        ["GET /api/patients/{id:guid}/surveys"] = CareTeam,
        ["POST /api/patients/{id:guid}/rems-enrollment"] = [Roles.FrontDesk],
        ["GET /api/patients/{id:guid}/rems-enrollment"] = CareTeam,
        ["POST /api/appointments/{id:guid}/rems-form"] = [Roles.FrontDesk],
        ["GET /api/clinics/{clinicId:guid}/template-options"] = [AnyRole],
        ["PUT /api/clinics/{clinicId:guid}/template-options/{code}"] = [Roles.Admin],
        ["POST /api/series/preview"] = [Roles.FrontDesk],
        ["POST /api/series/"] = [Roles.FrontDesk],
        ["GET /api/series/{id:guid}"] = CareTeam,
        ["POST /api/series/{id:guid}/cancel"] = [Roles.FrontDesk],
        ["POST /api/series/{id:guid}/move"] = [Roles.FrontDesk],
        ["POST /api/series/{id:guid}/sessions"] = [Roles.FrontDesk],
        ["GET /api/appointments/"] = CareTeam,
        ["POST /api/appointments/{id:guid}/reschedule"] = [Roles.FrontDesk],
        ["POST /api/appointments/{id:guid}/cancel"] = [Roles.FrontDesk],
        ["POST /api/appointments/{id:guid}/ride"] = [Roles.FrontDesk],
        ["POST /api/appointments/{id:guid}/status"] = [Roles.FrontDesk],
        ["GET /api/surveys/{id:guid}"] = [Roles.Clinician],
        ["GET /today"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /today"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /today/week"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /today/week"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /patients"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /patients"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /patients/new"] = [Roles.FrontDesk],
        ["POST /patients/new"] = [Roles.FrontDesk],
        ["GET /patients/{id:guid}"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /patients/{id:guid}"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /patients/{id:guid}/edit"] = [Roles.FrontDesk],
        ["POST /patients/{id:guid}/edit"] = [Roles.FrontDesk],
        ["PUT /api/patients/{id:guid}"] = [Roles.FrontDesk],
        ["GET /patients/{id:guid}/book"] = [Roles.FrontDesk],
        ["POST /patients/{id:guid}/book"] = [Roles.FrontDesk],
        ["GET /sessions/{id:guid}"] = [Roles.FrontDesk],
        ["POST /sessions/{id:guid}"] = [Roles.FrontDesk],
        ["GET /sessions/{id:guid}/move-rest"] = [Roles.FrontDesk],
        ["POST /sessions/{id:guid}/move-rest"] = [Roles.FrontDesk],
        ["GET /alerts/{id:guid?}"] = [Roles.Clinician],
        ["POST /alerts/{id:guid?}"] = [Roles.Clinician],
        ["GET /worklists"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /worklists"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /api/work-items/{id:guid}/done"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /api/messages/{id:guid}/retry"] = [Roles.FrontDesk],
        ["GET /ops/delivery"] = [Roles.Ops],
        ["POST /ops/delivery"] = [Roles.Ops],
        // Also anonymous from the scrapers' addresses (Metrics__AllowFrom__0, …): MetricsEndpointTests.
        ["GET /metrics"] = [Roles.Ops],
        ["POST /metrics"] = [Roles.Ops],
        ["GET /settings"] = [Roles.Admin],
        ["POST /settings"] = [Roles.Admin],
        ["GET /settings/users"] = [Roles.Admin],
        ["POST /settings/users"] = [Roles.Admin],
        ["GET /settings/audit"] = [Roles.Admin],
        ["POST /settings/audit"] = [Roles.Admin],
        ["GET /api/alerts/"] = [Roles.Clinician],
        ["POST /api/alerts/{id:guid}/acknowledge"] = [Roles.Clinician],
        ["GET /api/alerts/{id:guid}"] = [Roles.Clinician],
        ["GET /api/work-items"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /api/waitlist/"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /api/waitlist/"] = [Roles.FrontDesk, Roles.Clinician],
        ["DELETE /api/waitlist/{id:guid}"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /waitlist"] = [Roles.FrontDesk, Roles.Clinician],
        ["POST /waitlist"] = [Roles.FrontDesk, Roles.Clinician],
        ["GET /w/{token}"] = ["public"],
        ["POST /w/{token}"] = ["public"],
    };

    /// <summary>Named page handlers (POST route?handler=Name) → roles allowed (Admin always is).</summary>
    private static readonly Dictionary<string, string[]> Handlers = new(StringComparer.Ordinal)
    {
        ["/login?handler=Code"] = [Roles.FrontDesk, Roles.Clinician, Roles.Ops],
        ["/settings/users?handler=Change"] = [Roles.Admin],
        ["/settings/users?handler=Disable"] = [Roles.Admin],
        ["/settings/users?handler=Enable"] = [Roles.Admin],
        ["/sessions/{id:guid}?handler=Status"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}?handler=Ride"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}?handler=Cancel"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}?handler=CancelSeries"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}?handler=Reschedule"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}?handler=AddSessions"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}/move-rest?handler=Preview"] = [Roles.FrontDesk],
        ["/sessions/{id:guid}/move-rest?handler=Confirm"] = [Roles.FrontDesk],
        ["/patients/{id:guid}/book?handler=Preview"] = [Roles.FrontDesk],
        ["/patients/{id:guid}/book?handler=Recheck"] = [Roles.FrontDesk],
        ["/patients/{id:guid}/book?handler=Book"] = [Roles.FrontDesk],
        ["/worklists?handler=Retry"] = [Roles.FrontDesk],
        ["/worklists?handler=Done"] = [Roles.FrontDesk, Roles.Clinician],
        ["/worklists?handler=RemsForm"] = [Roles.FrontDesk],
        ["/worklists?handler=RemsEnrollment"] = [Roles.FrontDesk],
        ["/alerts/{id:guid?}?handler=Acknowledge"] = [Roles.Clinician],
        ["/settings?handler=Names"] = [Roles.Admin],
        ["/settings?handler=CancelNotice"] = [Roles.Admin],
        ["/settings?handler=Close"] = [Roles.Admin],
        ["/settings?handler=Reopen"] = [Roles.Admin],
        ["/settings?handler=Window"] = [Roles.Admin],
        ["/settings?handler=Hours"] = [Roles.Admin],
        ["/settings?handler=AddChair"] = [Roles.Admin],
        ["/settings?handler=RenameChair"] = [Roles.Admin],
        ["/settings?handler=RetireChair"] = [Roles.Admin],
        ["/settings?handler=AddOnCall"] = [Roles.Admin],
        ["/settings?handler=EditOnCall"] = [Roles.Admin],
        ["/settings?handler=RemoveOnCall"] = [Roles.Admin],
        ["/settings?handler=CreateTemplate"] = [Roles.Admin],
        ["/settings?handler=RetireTemplate"] = [Roles.Admin],
        ["/settings?handler=Wording"] = [Roles.Admin],
        ["/settings?handler=ResetWording"] = [Roles.Admin],
        ["/waitlist?handler=Add"] = [Roles.FrontDesk, Roles.Clinician],
        ["/waitlist?handler=Withdraw"] = [Roles.FrontDesk, Roles.Clinician],
    };

    [Fact]
    public void EveryNamedPageHandler_IsInTheHandlerTable()
    {
        Assert.Equal(Handlers.Keys.Order(StringComparer.Ordinal), PageHandlers().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Posted with a valid anti-forgery token, so that a handler's own role check (send again: FrontDesk) counts too.
    /// </summary>
    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public async Task EachRole_MayPostToExactlyTheHandlersTheTableSays(string role)
    {
        using var browser = await SignIn.BrowserAsync(app, role);
        var token = AntiForgeryToken()
            .Match(await browser.GetStringAsync(new Uri("/", UriKind.Relative)))
            .Groups["token"]
            .Value;
        foreach (var (handler, allowed) in Handlers)
        {
            var admitted = role == Roles.Admin || allowed.Contains(role);
            using var form = new FormUrlEncodedContent(
                new Dictionary<string, string> { ["__RequestVerificationToken"] = token }
            );

            var response = await browser.PostAsync(new Uri(Concrete(handler), UriKind.Relative), form);

            Assert.True(
                admitted
                    ? response.StatusCode != HttpStatusCode.Forbidden
                    : response.StatusCode == HttpStatusCode.Forbidden,
                $"{role} {handler}: {(int)response.StatusCode}"
            );
            Assert.True(
                response.StatusCode is not (HttpStatusCode.InternalServerError or HttpStatusCode.BadRequest),
                $"{role} {handler}: {(int)response.StatusCode}"
            );
        }
    }

    [Fact]
    public void EveryMappedRoute_IsInTheTable_AndOnlyTheTablesPublicRoutesAllowAnonymous()
    {
        var routes = Routes().Where(r => !r.Pattern.StartsWith("/hangfire", StringComparison.Ordinal)).ToList();

        Assert.Equal([], routes.Select(r => r.Key).Where(k => !Table.ContainsKey(k)).ToArray());
        Assert.All(routes, r => Assert.Equal(Table[r.Key].Contains("public"), r.Anonymous));
    }

    /// <summary>A route added under a patient-data prefix cannot let Ops in by forgetting its policy.</summary>
    [Fact]
    public void EveryRouteWithPatientData_KeepsOpsOut()
    {
        var patientRoutes = Table
            .Where(r => PatientDataPrefixes.Any(p => r.Key.Split(' ')[1].StartsWith(p, StringComparison.Ordinal)))
            .ToList();

        Assert.True(patientRoutes.Count > 30, $"{patientRoutes.Count} routes carry patient data");
        Assert.All(patientRoutes, r => Assert.False(r.Value.Contains(Roles.Ops) || r.Value.Contains(AnyRole), r.Key));
    }

    /// <summary>The contract's own words, with the answers expected: 403 before anything is looked up.</summary>
    [Theory]
    [InlineData("GET", "/api/patients?query=a")]
    [InlineData("GET", "/api/patients/{id}")]
    [InlineData("GET", "/api/patients/{id}/messages")]
    [InlineData("GET", "/api/patients/{id}/surveys")]
    [InlineData("POST", "/api/patients")]
    [InlineData("GET", "/api/series/{id}")]
    [InlineData("POST", "/api/series/preview")]
    [InlineData("GET", "/api/appointments?from=2026-12-01&to=2026-12-02")]
    [InlineData("POST", "/api/appointments/{id}/cancel")]
    [InlineData("GET", "/api/surveys/{id}")]
    public async Task Ops_Get403_OnPatientSeriesAppointmentAndSurveyRoutes(string method, string path)
    {
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var concrete = path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        var refused = await ops.SendAsync(Request(method, concrete));
        var admitted = await clinician.SendAsync(Request(method, concrete));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var expected =
            path.Contains("{id}", StringComparison.Ordinal) && method == "GET" ? HttpStatusCode.NotFound
            : method == "GET" ? HttpStatusCode.OK
            : HttpStatusCode.Forbidden;
        Assert.Equal(expected, admitted.StatusCode);

        static HttpRequestMessage Request(string method, string path) =>
            new(new HttpMethod(method), new Uri(path, UriKind.Relative))
            {
                Content =
                    method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
            };
    }

    [Fact]
    public async Task EveryProtectedRoute_AnswersAnonymousCallers_With401ForApiOrASignInRedirect()
    {
        var browser = app.CreateBrowser();
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            var response = await browser.SendAsync(
                new HttpRequestMessage(new HttpMethod(route.Method), new Uri(Concrete(route.Pattern), UriKind.Relative))
            );
            if (route.Pattern.StartsWith("/api", StringComparison.Ordinal) || route.Pattern == "/metrics")
            {
                Assert.True(
                    response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{route.Key}: {(int)response.StatusCode}"
                );
            }
            else
            {
                Assert.True(
                    response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest,
                    $"{route.Key}: {(int)response.StatusCode}"
                );
            }
        }
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public async Task EachRole_IsAdmittedExactlyWhereTheTableSays(string role)
    {
        using var client = await SignIn.ApiClientAsync(app, role);
        foreach (
            var route in Routes().Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal) && !r.Anonymous)
        )
        {
            var allowed = Table[route.Key];
            var admitted = role == Roles.Admin || allowed.Contains(AnyRole) || allowed.Contains(role);
            using var request = new HttpRequestMessage(
                new HttpMethod(route.Method),
                new Uri(Concrete(route.Pattern), UriKind.Relative)
            )
            {
                Content = route.Method is "POST" or "PUT"
                    ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                    : null,
            };

            var response = await client.SendAsync(request);

            Assert.True(
                admitted
                    ? response.StatusCode != HttpStatusCode.Forbidden
                    : response.StatusCode == HttpStatusCode.Forbidden,
                $"{role} {route.Key}: {(int)response.StatusCode}"
            );
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{role} {route.Key}: 500");
        }
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public async Task EachRole_OpensExactlyThePagesTheTableSays(string role)
    {
        using var browser = await SignIn.BrowserAsync(app, role);
        var pages = Routes()
            .Where(r =>
                r.Method == "GET"
                && !r.Anonymous
                && !r.Pattern.StartsWith("/api", StringComparison.Ordinal)
                && !r.Pattern.StartsWith("/hangfire", StringComparison.Ordinal)
                && r.Pattern != "/logout"
            );
        foreach (var route in pages)
        {
            var allowed = Table[route.Key];
            var admitted = role == Roles.Admin || allowed.Contains(AnyRole) || allowed.Contains(role);

            var response = await browser.GetAsync(new Uri(Concrete(route.Pattern), UriKind.Relative));

            Assert.True(
                admitted
                    ? response.StatusCode != HttpStatusCode.Forbidden
                    : response.StatusCode == HttpStatusCode.Forbidden,
                $"{role} {route.Key}: {(int)response.StatusCode}"
            );
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{role} {route.Key}: 500");
        }
    }

    private IEnumerable<Route> Routes()
    {
        _ = app.Services;
        return app
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
                (
                    e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods
                    ?? ["GET", "POST"]
                ).Select(method => new Route(method, "/" + e.RoutePattern.RawText!.TrimStart('/'), IsAnonymousLast(e)))
            )
            .DistinctBy(r => r.Key);
    }

    /// <summary>Every OnPost{Name} handler of every compiled page, as its route and handler name.</summary>
    private static IEnumerable<string> PageHandlers() =>
        typeof(Scheduling.Web.Pages.Settings.IndexModel)
            .Assembly.GetTypes()
            .Select(t =>
                (
                    Type: t,
                    Route: t.GetCustomAttributes<RazorCompiledItemMetadataAttribute>()
                        .FirstOrDefault(a => a.Key == "RouteTemplate")
                        ?.Value
                )
            )
            .Where(p => p.Route is not null && p.Type.GetProperty("Model")?.PropertyType is not null)
            .SelectMany(p =>
                p.Type.GetProperty("Model")!
                    .PropertyType.GetMethods()
                    .Select(m => HandlerName().Match(m.Name))
                    .Where(m => m.Success)
                    .Select(m => $"{p.Route}?handler={m.Groups["name"].Value}")
            )
            .Distinct();

    [System.Text.RegularExpressions.GeneratedRegex("^OnPost(?!Async$)(?<name>[A-Z][A-Za-z]*?)(Async)?$")]
    private static partial System.Text.RegularExpressions.Regex HandlerName();

    [System.Text.RegularExpressions.GeneratedRegex(
        "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\""
    )]
    private static partial System.Text.RegularExpressions.Regex AntiForgeryToken();

    /// <summary>An endpoint is public when its last authorization word is AllowAnonymous.</summary>
    private static bool IsAnonymousLast(Microsoft.AspNetCore.Http.Endpoint endpoint)
    {
        var last = endpoint.Metadata.LastOrDefault(m => m is IAllowAnonymous or IAuthorizeData);
        return last is IAllowAnonymous;
    }

    private static string Concrete(string pattern) =>
        System
            .Text.RegularExpressions.Regex.Replace(pattern, @"\{[A-Za-z]+:guid\??\}", _ => Guid.NewGuid().ToString())
            .Replace("{kind}", "Reminder", StringComparison.Ordinal)
            .Replace("{channel}", "Sms", StringComparison.Ordinal)
            .Replace("{code:int}", "404", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{date}", "2026-12-24", StringComparison.Ordinal);

    private sealed record Route(string Method, string Pattern, bool Anonymous)
    {
        public string Key => $"{Method} {Pattern}";
    }
}
