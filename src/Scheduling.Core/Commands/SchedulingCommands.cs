using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduling.Core.Demo;
using Scheduling.Core.Hosting;
using Scheduling.Core.Persistence;
using Scheduling.Core.Users;

namespace Scheduling.Core.Commands;

/// <summary>
/// `migrate`, `users add` and `seed`: what ops run against a database. Both hosts take them as their
/// first arguments; anything else starts the host as usual.
/// </summary>
public static class SchedulingCommands
{
    private static readonly string[] Names = ["migrate", "users", "seed"];

    /// <summary>The flag that lets `seed --demo` run outside local mode.</summary>
    public const string OutsideLocalMode = "outside-local-mode";

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var command = CommandLine.Parse(args);
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory }
        );
        // A failing SQL statement surfaces as the command's own error; EF's log of it (for instance the
        // probe of a migrations table that does not exist yet) would only alarm.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        if (command.Words is ["seed"] && command.Flag("demo"))
        {
            // The demo plays weeks of a clinic through the use cases; their routine lines would bury its own.
            builder.Logging.AddFilter("Scheduling", LogLevel.Warning);
        }

        builder.Services.AddSchedulingCore(builder.Configuration);
        builder.Services.AddDemoSeeding();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return command.Words switch
            {
                ["migrate"] => await MigrateAsync(services, cancel.Token),
                ["users", "add"] => await AddUserAsync(services, command),
                ["seed"] => await SeedAsync(
                    services,
                    host.Services.GetRequiredService<IHostEnvironment>(),
                    command,
                    cancel.Token
                ),
                _ => Usage(),
            };
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
        Console.WriteLine((await services.GetRequiredService<SchemaStatus>().CheckAsync(cancellationToken)).Describe());
        return 0;
    }

    private static async Task<int> AddUserAsync(IServiceProvider services, CommandLine command)
    {
        if (
            command.Option("email") is not { } email
            || command.Option("password") is not { } password
            || command.Option("role") is not { } role
        )
        {
            return Usage();
        }

        var clinics = new List<Guid>();
        var named = (command.Option("clinic") ?? "").Split(
            ',',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );
        foreach (var text in named)
        {
            if (!Guid.TryParse(text, out var clinic))
            {
                await Console.Error.WriteLineAsync($"--clinic takes clinic ids, separated by commas; not '{text}'.");
                return 1;
            }

            clinics.Add(clinic);
        }

        var problems = await services.GetRequiredService<UserAccounts>().AddAsync(email, password, role, clinics);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync(problem);
        }

        if (problems.Count == 0)
        {
            Console.WriteLine(
                clinics.Count == 0
                    ? $"Added {email} with role {role}, for every clinic."
                    : $"Added {email} with role {role}, for {clinics.Count} clinic(s)."
            );
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<int> SeedAsync(
        IServiceProvider services,
        IHostEnvironment environment,
        CommandLine command,
        CancellationToken cancellationToken
    )
    {
        if (command.Flag("demo"))
        {
            if (!environment.IsLocal() && !command.Flag(OutsideLocalMode))
            {
                await Console.Error.WriteLineAsync(
                    "Demo data and demo users (with a published password) are for local mode only "
                        + $"(DOTNET_ENVIRONMENT=Local). To seed them here all the same, add --{OutsideLocalMode}."
                );
                return 1;
            }

            var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
            Console.WriteLine(
                seeded.SeededNow
                    ? "Demo clinic seeded around the present: sessions done, in progress and to come today, patients "
                        + "with scores, an open safety alert, every worklist, messages due now. Demo users in place."
                    : $"The demo clinic is here already ({seeded.ClinicId}): nothing added. For a fresh day, "
                        + "start from an empty database (ops/README.md: how run-local starts over)."
            );
            return 0;
        }

        if (!int.TryParse(command.Option("patients"), out var patients) || patients < 1)
        {
            return Usage();
        }

        await services
            .GetRequiredService<SyntheticSeeder>()
            .SeedAsync(patients, new ConsoleProgress(Console.Error), cancellationToken);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine(
            """
            Usage:
              migrate                                          apply database migrations and exit
              users add --email E --password P --role R        create a staff user
                                                               (roles: FrontDesk, Clinician, Ops, Admin)
                        [--clinic ID,ID…]                      limited to those clinics (none: every clinic)
              seed --patients N                                add N synthetic patients,
                                                               each with a booked six-session series
              seed --demo                                      a demo clinic around the present, with its
                                                               patients and users (local mode only, or with
                                                               --outside-local-mode); a second run adds nothing
            """
        );
        return 2;
    }
}
