using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scheduling.Core.Demo;
using Scheduling.Core.Hosting;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Core.Users;
using Scheduling.Domain.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.Benchmarks;

/// <summary>
/// Dashboard page render times on a seeded database (docs/performance.md): the web host on Kestrel on a
/// loopback port, a signed-in front desk's cookie, and whole pages fetched over HTTP one after another:
/// Today (the chairs-by-hour day of a random synthetic clinic, a random day within 30 days either side
/// of today) and the patient page (a random synthetic patient with sessions). Each view writes its audit
/// rows, as in production. Adds one user (bench.frontdesk@bench.local) to the database if missing.
/// Usage: Scheduling.Benchmarks.dll pages [--operations 300] [--warmup 30]
/// </summary>
internal static class PageBenchmark
{
    private const string Email = "bench.frontdesk@bench.local";
    private const string Password = "bench-password-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var operations = Option(args, "--operations", 300);
        var warmup = Option(args, "--warmup", 30);
        var (clinics, patients, appointments) = await SetupAsync();
        if (clinics.Count == 0 || patients.Count == 0)
        {
            await Console.Error.WriteLineAsync("No synthetic clinics or patients: run `seed --patients N` first.");
            return 1;
        }

        await using var host = new BenchHost();
        host.UseKestrel(0);
        host.StartServer();
        var address = host
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        using var browser = host.CreateClient(
            new WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri(address),
                AllowAutoRedirect = false,
                HandleCookies = true,
            }
        );
        var signedIn = await SignIn.WithFormAsync(browser, Email, Password);
        // The Kestrel client follows the redirect home; either way a signed-in page offers to sign out.
        if (
            signedIn.StatusCode != HttpStatusCode.Redirect
            && !(await signedIn.Content.ReadAsStringAsync()).Contains("Sign out", StringComparison.Ordinal)
        )
        {
            await Console.Error.WriteLineAsync($"Sign-in as {Email} failed: {(int)signedIn.StatusCode}.");
            return 1;
        }

        var random = new Random(42);
        var today = SystemClock
            .Instance.GetCurrentInstant()
            .InZone(DateTimeZoneProviders.Tzdb["America/New_York"])
            .Date;
        var todayPage = new Latencies("Today (GET /today, one clinic, one day)");
        var patientPage = new Latencies("patient page (GET /patients/{id})");
        var sessions = 0L;
        var started = DateTimeOffset.UtcNow;
        for (var i = -warmup; i < operations; i++)
        {
            if (i == 0)
            {
                // The measured part starts here: `ops/bench.sh` compares it with a burst's span.
                started = DateTimeOffset.UtcNow;
            }

            var day = today.PlusDays(random.Next(-30, 31)).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
            var html = await FetchAsync(
                browser,
                i >= 0 ? todayPage : null,
                $"/today?clinicId={clinics[random.Next(clinics.Count)]}&date={day}"
            );
            sessions += i >= 0 ? CountOf(html, "class=\"slot ") : 0;
            await FetchAsync(
                browser,
                i >= 0 ? patientPage : null,
                $"/patients/{patients[random.Next(patients.Count)]}"
            );
        }

        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Database: {appointments:N0} appointments, {clinics.Count} synthetic clinics, {patients.Count} "
                    + $"sampled patients; Today pages showed {(double)sessions / operations:F1} sessions on average."
            )
        );
        Console.WriteLine();
        Console.WriteLine("| page | n | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(todayPage.Row());
        Console.WriteLine(patientPage.Row());
        await Figures.WriteAsync(
            args,
            "pages",
            new JsonObject
            {
                ["appointments"] = appointments,
                ["startedAt"] = started.ToString("O", CultureInfo.InvariantCulture),
                ["endedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["today"] = todayPage.Summary(),
                ["patientPage"] = patientPage.Summary(),
            }
        );
        return 0;
    }

    private static async Task<string> FetchAsync(HttpClient browser, Latencies? latencies, string path)
    {
        async Task<string> Get()
        {
            using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadAsStringAsync()
                : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        return latencies is null ? await Get() : await latencies.TimeAsync(Get);
    }

    private static async Task<(List<Guid> Clinics, List<Guid> Patients, long Appointments)> SetupAsync()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSchedulingCore(configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        if (!await db.Users.AnyAsync(u => u.Email == Email))
        {
            var problems = await scope
                .ServiceProvider.GetRequiredService<UserAccounts>()
                .AddAsync(Email, Password, Roles.FrontDesk);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", problems));
            }
        }

        var clinics = await db
            .Clinics.Where(c => c.Name.StartsWith(SyntheticSeeder.ClinicPrefix))
            .Select(c => c.Id)
            .ToListAsync();
        var patients = await db
            .Patients.Where(p => clinics.Contains(p.ClinicId) && db.Appointments.Any(a => a.PatientId == p.Id))
            .OrderBy(p => EF.Functions.Random())
            .Select(p => p.Id)
            .Take(1000)
            .ToListAsync();
        return (clinics, patients, await db.Appointments.LongCountAsync(a => a.Status != AppointmentStatus.Cancelled));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (
            var at = text.IndexOf(part, StringComparison.Ordinal);
            at >= 0;
            at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)
        )
        {
            count++;
        }

        return count;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return
            index >= 0
            && index + 1 < args.Length
            && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }

    /// <summary>
    /// The real web host (the entry point of the assembly of any of its types; this project has a Program of its own),
    /// with no worker and quiet logs. It runs as Production, whose sign-in cookie is Secure; the benchmark talks plain
    /// http on loopback, where a client never sends a Secure cookie back, so here alone the sign-in cookie follows the
    /// request's scheme. Nothing else of Production changes (HSTS, headers, the pipeline).
    /// </summary>
    private sealed class BenchHost : WebApplicationFactory<Web.Pages.IndexModel>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Worker:Enabled", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureTestServices(services =>
                services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
                    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest
                )
            );
        }
    }
}
