using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using NodaTime;
using Scheduling.Core.Hosting;
using Scheduling.Core.Identity;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Pages.Captured;

namespace Scheduling.IntegrationTests.Access;

/// <summary>
/// Nothing silent: without a Twilio account the hosts capture SMS only in local mode or when told to by name,
/// and refuse to start otherwise, saying why. The captured page masks link tokens and is audited.
/// </summary>
public sealed class SmsCaptureModeTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    private const string Sid = "AC0123456789abcdef0123456789abcdef";

    private static Dictionary<string, string> Production(TestDatabase database) =>
        new()
        {
            ["ConnectionStrings__Scheduling"] = database.ConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Worker__Enabled"] = "false",
        };

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public async Task Host_RefusesToStartInProduction_WithoutTwilioOrCaptureMode_AndSaysWhy(string host)
    {
        await using var database = await TestDatabase.CreateAsync();
        var dll = host == "web" ? HostProcess.WebHostDll : HostProcess.WorkerHostDll;

        var result = await HostProcess.RunAsync(
            dll,
            Production(database),
            ProcessTimeout,
            "--urls",
            "http://127.0.0.1:0"
        );

        Assert.Equal(HostRunExtensions.ConfigurationInvalidExitCode, result.ExitCode);
        Assert.Contains("SMS have nowhere to go", result.Error, StringComparison.Ordinal);
        Assert.Contains("Sms__Mode=Capture", result.Error, StringComparison.Ordinal);
        Assert.Contains("Sms__Twilio__AccountSid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebHost_StartsInProduction_WhenCaptureIsAskedForByName_AndSaysSo()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = Production(database);
        environment["Sms__Mode"] = "Capture";

        await using var web = HostProcess.Start(
            HostProcess.WebHostDll,
            environment,
            null,
            "--urls",
            "http://127.0.0.1:0"
        );

        await web.WaitForOutputAsync(
            line => line.Contains("Application started", StringComparison.Ordinal),
            ProcessTimeout,
            "a start"
        );
        Assert.Contains(web.Output, line => line.Contains("SMS are kept in the database", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Production", null, null, false)]
    [InlineData("Staging", null, null, false)]
    [InlineData("Development", null, null, false)]
    [InlineData("Local", null, null, true)]
    [InlineData("Production", "Capture", null, true)]
    [InlineData("Production", null, Sid, true)]
    [InlineData("Production", "Twilio", Sid, true)]
    [InlineData("Local", "Twilio", null, false)]
    [InlineData("Production", "Capture", Sid, false)]
    [InlineData("Production", "Email", null, false)]
    public void SmsMode_IsAllowed_OnlyWhereTheRuleSays(
        string environmentName,
        string? mode,
        string? accountSid,
        bool allowed
    )
    {
        var environment = new HostingEnvironment { EnvironmentName = environmentName };
        var options = new SmsOptions
        {
            Mode = mode,
            Twilio = new TwilioOptions { AccountSid = accountSid },
        };

        var result = new SmsModeValidation(environment).Validate(null, options);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Fact]
    public async Task CapturedPage_MasksLinkTokens_AndEveryViewIsAudited_WithThePatientsOfTheShownSms()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));
        const string token = "Zx9kQ2mPw7LrT4vB8nYc3dFh";
        Guid capturedId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var captured = new CapturedSms
            {
                To = "+12025550111",
                From = "local",
                Body = $"How are you feeling after today's session? https://clinic.example.test/s/{token}",
                CapturedAt = app.Clock.GetCurrentInstant(),
            };
            db.CapturedSms.Add(captured);
            var patient = Guid.Parse(desk.PatientId);
            var message = await db.Messages.Where(m => m.PatientId == patient).OrderBy(m => m.DueAt).FirstAsync();
            var at = app.Clock.GetCurrentInstant();
            message.Claim("test", at + Duration.FromMinutes(2), at);
            message.RecordSent(CapturingSmsSender.ProviderIdPrefix + captured.Id.ToString("N"), at);
            await db.SaveChangesAsync();
            capturedId = captured.Id;
        }

        using var admin = await SignIn.BrowserAsync(app, Roles.Admin);
        var page = await admin.GetAsync(new Uri("/captured/sms", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..8], html, StringComparison.Ordinal);
        Assert.Contains("/s/Zx9k…", html, StringComparison.Ordinal);
        await using var check = app.Services.CreateAsyncScope();
        var audit = await check
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .AuditEvents.AsNoTracking()
            .Where(e => e.EntityType == SmsModel.AuditEntity && e.Action == "viewed")
            .ToListAsync();
        var users = check.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var viewer = (await users.FindByEmailAsync(SchedulingApp.EmailFor(Roles.Admin)))!.Id;
        Assert.Contains(audit, e => e.Actor == viewer && e.PatientId is null);
        Assert.Contains(audit, e =>
            e.Actor == viewer && e.EntityId == capturedId.ToString() && e.PatientId == Guid.Parse(desk.PatientId)
        );
    }

    [Theory]
    [InlineData("Open https://x.test/s/AbCdEfGhIjKlMnOpQrStUvWx now.", "Open https://x.test/s/AbCd… now.")]
    [InlineData("Yours: https://x.test/p/a-b_c1234567 Reply C.", "Yours: https://x.test/p/a-b_… Reply C.")]
    [InlineData("Reply STOP to opt out.", "Reply STOP to opt out.")]
    public void Masked_KeepsTheFirstFourCharactersOfEachLinkToken(string body, string shown)
    {
        Assert.Equal(shown, SmsModel.Masked(body));
    }
}
