using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Demo;
using Scheduling.Core.Hosting;
using Scheduling.Core.Patients;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Booking;

namespace Scheduling.Benchmarks;

/// <summary>
/// Booking latencies on a seeded database (README, "Performance"): preview, book, and the day view's
/// query, each through the same use case the API calls, one DI scope per operation as a request has.
/// Usage: dotnet run -c Release --project bench/Scheduling.Benchmarks -- [--operations 500] [--warmup 50]
/// with ConnectionStrings__Scheduling pointing at a database filled by `seed --patients N`.
/// </summary>
internal static class BookingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var operations = Option(args, "--operations", 500);
        var warmup = Option(args, "--warmup", 50);
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSchedulingCore(configuration);
        await using var provider = services.BuildServiceProvider();

        await RemoveEarlierRunsAsync(provider);
        var (clinics, appointments) = await SetupAsync(provider);
        if (clinics.Count == 0)
        {
            await Console.Error.WriteLineAsync("No synthetic clinics: run `seed --patients N` first.");
            return 1;
        }

        var random = new Random(42);
        var today = provider
            .GetRequiredService<IClock>()
            .GetCurrentInstant()
            .InZone(DateTimeZoneProviders.Tzdb["America/New_York"])
            .Date;
        var preview = new Latencies("preview (POST /api/series/preview)");
        var book = new Latencies("book (POST /api/series), booked: 201");
        var refused = new Latencies("book refused: no free chair, 409");
        var dayView = new Latencies("day view (GET /api/appointments, one day)");
        var booked = 0;
        for (var i = -warmup; i < operations; i++)
        {
            var measured = i >= 0;
            var clinic = clinics[random.Next(clinics.Count)];
            var patient = await NewPatientAsync(provider, clinic, i);
            var input = new SeriesInput(
                patient,
                clinic,
                "ketamine-iv-induction",
                Wire.Format(today.PlusDays(1 + random.Next(90)).At(new LocalTime(9, 40))),
                null
            );
            await Scoped(provider, measured ? preview : null, (SeriesBooking booking) =>
                booking.PreviewAsync(input, CancellationToken.None)
            );
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await Scoped(provider, null, (SeriesBooking booking) =>
                booking.BookAsync(input, CancellationToken.None)
            );
            if (measured)
            {
                (outcome.Kind == OutcomeKind.Ok ? book : refused).Add(watch.Elapsed.TotalMilliseconds);
            }

            booked += outcome.Kind == OutcomeKind.Ok ? 1 : 0;
            var day = Wire.Format(today.PlusDays(random.Next(-30, 31)));
            await Scoped(provider, measured ? dayView : null, (AppointmentBook list) =>
                list.ListAsync(day, day, clinic, CancellationToken.None)
            );
        }

        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Database: {appointments:N0} appointments in {clinics.Count} synthetic clinics; "
                    + $"{booked} of {operations + warmup} bookings succeeded."
            )
        );
        Console.WriteLine();
        Console.WriteLine("| operation | n | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(preview.Row());
        Console.WriteLine(book.Row());
        Console.WriteLine(refused.Row());
        Console.WriteLine(dayView.Row());
        await Figures.WriteAsync(
            args,
            "booking",
            new JsonObject
            {
                ["appointments"] = appointments,
                ["clinics"] = clinics.Count,
                ["booked"] = booked,
                ["attempted"] = operations + warmup,
                ["preview"] = preview.Summary(),
                ["book"] = book.Summary(),
                ["refused"] = refused.Summary(),
                ["dayView"] = dayView.Summary(),
            }
        );
        return 0;
    }

    private static async Task<T> Scoped<TService, T>(
        IServiceProvider provider,
        Latencies? latencies,
        Func<TService, Task<T>> operation
    )
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<TService>();
        return latencies is null ? await operation(service) : await latencies.TimeAsync(() => operation(service));
    }

    /// <summary>
    /// The patients earlier runs registered, with everything booked for them: without this, each run would
    /// find the synthetic clinics fuller than the last, and more bookings refused (which are cheaper).
    /// </summary>
    private static async Task RemoveEarlierRunsAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        await db.Database.ExecuteSqlRawAsync(
            """
            CREATE TEMP TABLE bench_patients AS
                SELECT id FROM scheduling.patients WHERE first_name = 'Bench' AND email LIKE 'bench%@example.com';
            DELETE FROM scheduling.message_attempts WHERE message_id IN
                (SELECT id FROM scheduling.messages WHERE patient_id IN (SELECT id FROM bench_patients));
            DELETE FROM scheduling.messages WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.survey_links WHERE survey_id IN
                (SELECT id FROM scheduling.surveys WHERE patient_id IN (SELECT id FROM bench_patients));
            DELETE FROM scheduling.survey_answers WHERE survey_id IN
                (SELECT id FROM scheduling.surveys WHERE patient_id IN (SELECT id FROM bench_patients));
            DELETE FROM scheduling.alerts WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.surveys WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.appointments WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.series WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.work_items WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.inbound_sms WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.consent_ledger WHERE patient_id IN (SELECT id FROM bench_patients);
            DELETE FROM scheduling.patients WHERE id IN (SELECT id FROM bench_patients);
            DROP TABLE bench_patients;
            """
        );
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE scheduling.appointments");
    }

    private static async Task<(List<Guid> Clinics, long Appointments)> SetupAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinics = await db
            .Clinics.Where(c => c.Name.StartsWith(SyntheticSeeder.ClinicPrefix))
            .Select(c => c.Id)
            .ToListAsync();
        return (clinics, await db.Appointments.LongCountAsync(a => a.Status != AppointmentStatus.Cancelled));
    }

    private static async Task<Guid> NewPatientAsync(IServiceProvider provider, Guid clinic, int index)
    {
        await using var scope = provider.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<PatientRegistry>();
        var outcome = await registry.RegisterAsync(
            new NewPatient(
                clinic,
                new PatientFacts(
                    "Bench",
                    $"Patient{index + 1000}",
                    new LocalDate(1980, 1, 1),
                    $"bench{Guid.NewGuid():N}@example.com",
                    "+12025550150",
                    EmailConsent: true,
                    SmsConsent: true,
                    ConsentEvidence: null,
                    Language: null
                ),
                Zone: null
            ),
            CancellationToken.None
        );
        return outcome.Value?.Id
            ?? throw new InvalidOperationException(
                string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}"))
            );
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
}
