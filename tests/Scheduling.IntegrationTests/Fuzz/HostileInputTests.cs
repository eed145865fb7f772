using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>The messaging tests' host (Twilio set, so webhooks can be signed), without public rate limits.</summary>
public sealed class FuzzApp : MessagingApp
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("RateLimits:PublicRequestsPerMinute", "100000");
        builder.UseSetting("RateLimits:SignedWebhooksPerMinute", "100000");
    }
}

/// <summary>
/// docs/api-contract.md, "Conventions": no input ever produces a 500, and a rejected request changes nothing.
/// Generates FUZZ_REQUESTS (default 5,200) hostile requests from seed FUZZ_SEED (default fixed) over every
/// operation of the OpenAPI document, both Twilio webhooks and every form of the dashboard, and fails on any
/// 5xx, or any row changed by a request answered 4xx, printing the seed and the request.
/// </summary>
public sealed class HostileInputTests(FuzzApp app, ITestOutputHelper output) : IClassFixture<FuzzApp>
{
    private const int DefaultSeed = 20261203;
    private const int DefaultRequests = 5200;

    /// <summary>The survey page's answers, posted to a token that is no link: the friendly page answers.</summary>
    private static readonly FuzzTarget SurveyForm = new(
        "POST",
        "/s/AAAAAAAAAAAAAAAAAAAAAAAA",
        [],
        null,
        ["q_1", "q_9", "q_alert"],
        TargetKind.PageForm
    );

    [Fact]
    public async Task NoGeneratedRequest_Yields5xx_OrChangesARowWhenRefused()
    {
        var seedValue = Setting("FUZZ_SEED", DefaultSeed);
        var count = Setting("FUZZ_REQUESTS", DefaultRequests);
        await SeedAsync();
        var seed = await SeedData.ReadAsync(app.Database.ConnectionString);
        var callers = await CallersAsync();
        var document = await callers[Caller.Admin].GetFromJsonAsync<JsonElement>(Relative("/openapi/v1.json"));
        var pages = Pages(seed);
        var targets = ApiSurface
            .FromOpenApi(document)
            .Concat(ApiSurface.Webhooks())
            .Concat(
                (await ApiSurface.FromPagesAsync(callers[Caller.AdminBrowser], pages)).Where(t =>
                    !t.PathTemplate.Contains("logout", StringComparison.OrdinalIgnoreCase)
                )
            )
            .Append(SurveyForm)
            .ToList();
        var settingsPage = await callers[Caller.AdminBrowser].GetStringAsync(new Uri("/settings", UriKind.Relative));
        var random = new Random(seedValue);
        var generator = new RequestGenerator(
            random,
            new SchemaWalker(document, random, seed),
            seed,
            app.Twilio.AuthToken,
            ApiSurface.AntiforgeryToken(settingsPage) ?? ""
        );

        await using var fingerprint = await RowFingerprint.OpenAsync(app.Database.ConnectionString);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var before = await fingerprint.TakeAsync();
        var mark = await fingerprint.WriteMarkAsync();
        var sent = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count && failures.Count < 10; i++)
        {
            var request = generator.Next(targets[i % targets.Count]);
            var (status, answer) = await SendAsync(callers[request.Caller], request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var now = await fingerprint.WriteMarkAsync();
            var written = now != mark;
            var after = written ? await fingerprint.TakeAsync() : before;
            mark = now;
            sent++;
            if (status >= 500 && !IsReadinessAnswer(request, status))
            {
                failures.Add($"request #{i} answered {status}:\n{request.Describe()}answer: {answer}");
            }
            else if (status >= 400 && written && RowFingerprint.Changed(before, after) is { Count: > 0 } changed)
            {
                var tables = string.Join(", ", changed);
                failures.Add(
                    $"request #{i} answered {status} but changed {tables}:\n{request.Describe()}answer: {answer}"
                );
            }

            before = after;
        }

        var apiRoutes = targets.Count(t => t.Kind == TargetKind.Api);
        output.WriteLine(
            $"seed {seedValue}: {sent} requests in {clock.Elapsed.TotalSeconds:F0} s over {targets.Count} targets "
                + $"({apiRoutes} API operations, 2 webhooks, "
                + $"{targets.Count - apiRoutes - 2} page routes and forms); statuses "
                + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))
        );
        Assert.True(apiRoutes >= 30, $"The OpenAPI document lists {apiRoutes} operations; the walker read it wrongly.");
        var report = string.Join("\n\n", failures);
        Assert.True(failures.Count == 0, $"FUZZ_SEED={seedValue} FUZZ_REQUESTS={count}\n{report}");
    }

    [Theory]
    [InlineData("application/json; charset=ebcdic")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=x-unknown")]
    public async Task AnUnreadableCharset_Is415ProblemDetails_OnEveryKindOfRoute(string contentType)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        string[] paths =
        [
            "/api/clinics",
            "/api/patients",
            "/api/series/preview",
            "/api/auth/login",
            "/webhooks/twilio/sms",
        ];
        foreach (var path in paths)
        {
            using var content = new ByteArrayContent("{}"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

            var response = await admin.PostAsync(Relative(path), content);

            await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }
    }

    [Theory]
    [InlineData("{\"name\":\"Harbor\\u0000Clinic\"}", "name")]
    [InlineData("{\"name\":\"Harbor\",\"onCall\":[{\"name\":\"On \\ud800 call\"}]}", "onCall[0].name")]
    [InlineData("{\"openingHours\":[{\"day\":\"Monday\"},{\"day\":\"Tues\\udfffday\"}]}", "openingHours[1].day")]
    public async Task TextPostgreSqlRefuses_IsA400NamingTheField_AndChangesNothing(string body, string field)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        await using var fingerprint = await RowFingerprint.OpenAsync(app.Database.ConnectionString);
        var before = await fingerprint.TakeAsync();
        using var content = new StringContent(body, MediaTypeHeaderValue.Parse("application/json"));

        var response = await admin.PostAsync(Relative("/api/clinics"), content);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
        Assert.Empty(RowFingerprint.Changed(before, await fingerprint.TakeAsync()));
    }

    [Theory]
    [InlineData("/api/patients?query=a%00b")]
    [InlineData("/api/appointments?from=2026-12-01%00&to=2026-12-02")]
    [InlineData("/api/clinics/00000000-0000-0000-0000-000000000000/message-templates/Reminder/Sms?language=en%00")]
    public async Task UPlus0000InTheQuery_IsA400(string path)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var method = path.Contains("message-templates", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        using var request = new HttpRequestMessage(method, Relative(path));

        var response = await admin.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UPlus0000InAFormPost_IsA400_OnThePagesAndTheWebhooks()
    {
        using var anonymous = app.CreateClient();
        var form = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        using var login = new StringContent("Input.Email=a%00b&Input.Password=x", form);
        using var sms = new StringContent("MessageSid=SM1&From=%2B12025550111&Body=ST%00OP", form);

        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(Relative("/login"), login)).StatusCode);
        var webhook = await anonymous.PostAsync(Relative("/webhooks/twilio/sms"), sms);
        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
    }

    [Theory]
    [InlineData("firstSessionStart", "9999-12-31T09:00")]
    [InlineData("firstSessionStart", "0001-01-01T09:00")]
    public async Task ADateOutsideTheRange_IsA400NamingIt(string field, string value)
    {
        var (clinic, patient) = await ClinicAndPatientAsync();
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var body = new Dictionary<string, object?>
        {
            ["patientId"] = patient,
            ["clinicId"] = clinic,
            ["templateCode"] = "ketamine-iv-induction",
            [field] = value,
        };

        var response = await desk.PostAsJsonAsync(Relative("/api/series/preview"), body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("P3653000D", "sessionDuration")]
    [InlineData("PT99999999999999H", "sessionDuration")]
    [InlineData("-PT4H", "sessionDuration")]
    [InlineData("P3661D", "followUps[0].after")]
    public async Task ADurationOutOfRange_IsA400NamingIt(string duration, string field)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var chairTime = field == "sessionDuration";
        var each = JsonSerializer.SerializeToElement("each");
        var body = Template(chairTime ? duration : "PT4H", chairTime ? "PT4H" : duration, each);

        var response = await admin.PostAsJsonAsync(Relative("/api/templates"), body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("[\"2\"]")]
    [InlineData("[true]")]
    [InlineData("[{}]")]
    [InlineData("[null]")]
    public async Task AFollowUpsSessionsOfTheWrongJsonType_IsA400(string sessions)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var body = Template("PT4H", "PT4H", JsonSerializer.Deserialize<JsonElement>(sessions));

        var response = await admin.PostAsJsonAsync(Relative("/api/templates"), body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("followUps[0].sessions", problem.ErrorFields());
    }

    [Fact]
    public async Task ASignedStatusCallbackWithAStatusTwilioNeverSends_IsTaken()
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0123456789abcdef",
            ["MessageStatus"] = "bogus",
        };

        var response = await app.PostAsTwilioAsync("/webhooks/twilio/status", form);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static object Template(string sessionDuration, string after, JsonElement sessions) =>
        new
        {
            code = $"fuzz-{Guid.NewGuid():N}"[..20],
            name = "Fuzz protocol",
            sessionCount = 2,
            sessionDuration,
            minDaysBetween = 1,
            maxDaysBetween = 7,
            reminders = new[] { new { channel = "Sms", before = "PT24H" } },
            followUps = new[]
            {
                new
                {
                    kind = "Phq9",
                    after,
                    sessions,
                },
            },
        };

    private async Task<(string Clinic, string Patient)> ClinicAndPatientAsync()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = Id(await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic()));
        var patient = Id(await admin.CreatedAsync("/api/patients", ApiFixtures.Patient(clinic)));
        return (clinic, patient);
    }

    /// <summary>A clinic, three patients, a booked series and an open alert, so that ids exist.</summary>
    private async Task SeedAsync()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = Id(await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic()));
        var patients = new List<string>();
        string[][] people =
        [
            ["Rivera", "(202) 555-0111"],
            ["Okafor", "(202) 555-0112"],
            ["Lind", "(202) 555-0113"],
        ];
        foreach (var person in people)
        {
            var patient = ApiFixtures.Patient(clinic, person[0], phone: person[1]);
            patients.Add(Id(await admin.CreatedAsync("/api/patients", patient)));
        }

        await admin.CreatedAsync(
            "/api/series",
            new
            {
                patientId = patients[0],
                clinicId = clinic,
                templateCode = "ketamine-iv-induction",
                firstSessionStart = "2026-12-07T09:00",
            }
        );
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.Alerts.Add(
            new SafetyAlert
            {
                PatientId = Guid.Parse(patients[0]),
                ClinicId = Guid.Parse(clinic),
                Kind = AlertKind.SelfHarmRisk,
                CreatedAt = app.Clock.GetCurrentInstant(),
            }
        );
        await db.SaveChangesAsync();
    }

    private async Task<Dictionary<Caller, HttpClient>> CallersAsync() =>
        new()
        {
            [Caller.Anonymous] = app.CreateClient(),
            [Caller.Admin] = await SignIn.ApiClientAsync(app, Roles.Admin),
            [Caller.FrontDesk] = await SignIn.ApiClientAsync(app, Roles.FrontDesk),
            [Caller.Clinician] = await SignIn.ApiClientAsync(app, Roles.Clinician),
            [Caller.Ops] = await SignIn.ApiClientAsync(app, Roles.Ops),
            [Caller.AdminBrowser] = await SignIn.BrowserAsync(app, Roles.Admin),
        };

    /// <summary>Every page of the dashboard (docs/dashboard.md) with ids that exist, and the public pages.</summary>
    private static IEnumerable<string> Pages(SeedData seed)
    {
        var one = new Random(1);
        return
        [
            "/",
            "/today",
            "/today/week",
            "/patients",
            "/patients/new",
            $"/patients/{seed.Id("patients", one)}",
            $"/patients/{seed.Id("patients", one)}/edit",
            $"/patients/{seed.Id("patients", one)}/book",
            $"/sessions/{seed.Id("appointments", one)}",
            "/alerts",
            $"/alerts/{seed.Id("alerts", one)}",
            "/worklists",
            "/ops/delivery",
            "/settings",
            "/settings/users",
            "/settings/audit",
            "/captured/sms",
            "/login",
            "/status/404",
            "/s/not-a-real-token",
            "/health/live",
            "/health/ready",
        ];
    }

    private static async Task<(int Status, string Answer)> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = request.ToMessage();
        try
        {
            using var response = await client.SendAsync(message);
            var answer = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, answer.Length > 600 ? answer[..600] : answer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The test server rethrows what the host threw before answering: as bad as a 500.
            return (599, e.ToString());
        }
    }

    /// <summary>GET /health/ready answers 503 while messages are due and no dispatcher runs (none here).</summary>
    private static bool IsReadinessAnswer(FuzzRequest request, int status) =>
        status == 503 && request.Route.StartsWith("GET /health/ready", StringComparison.Ordinal);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private static string Id(JsonElement created) => created.GetProperty("id").GetString()!;
}
