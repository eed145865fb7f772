using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Core.Users;

namespace Scheduling.Core.Demo;

/// <summary>
/// What `ops/run-local.sh` shows a newcomer: a living clinic around the moment it is seeded (<see cref="DemoHistory"/>)
/// and one demo user per role. Once the demo clinic exists a second run adds nothing and says when the clinic was
/// seeded; a fresh day needs a fresh database (README, "A first look"). The seed command runs it in local mode only,
/// unless told otherwise in so many words.
/// </summary>
public sealed class DemoSeeder(
    SchedulingDbContext db,
    UserAccounts accounts,
    IServiceScopeFactory scopes,
    DemoClock clock,
    IDateTimeZoneProvider zones
)
{
    public const string ClinicName = DemoClinic.Name;
    public const string DemoPassword = "demo-password-1";

    public static IReadOnlyList<(string Email, string Role)> DemoUsers { get; } =
    [
        ("frontdesk@demo.local", Roles.FrontDesk),
        ("clinician@demo.local", Roles.Clinician),
        ("ops@demo.local", Roles.Ops),
        ("admin@demo.local", Roles.Admin),
    ];

    /// <summary>Seeds the demo, or finds it seeded: the instant the demo's present was, either way.</summary>
    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (email, role) in DemoUsers)
        {
            // An account already there (a second run) is left as it is.
            await accounts.AddAsync(email, DemoPassword, role);
        }

        var existing = await db
            .Clinics.AsNoTracking()
            .Where(c => c.Name == ClinicName)
            .Select(c => new { c.Id, c.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new DemoSeedResult(existing.Id, SeededNow: false);
        }

        var now = clock.Present;
        var zone = DemoClinic.ZoneFor(now, zones);
        var beginning = DemoHistory.BeginningOf(now, zone);
        clock.MoveTo(beginning);
        try
        {
            var clinic = DemoClinic.Create(zone, beginning);
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(cancellationToken);
            await new DemoHistory(scopes, clock, clinic.Id, zone, now).RunAsync(cancellationToken);
            return new DemoSeedResult(clinic.Id, SeededNow: true);
        }
        finally
        {
            clock.ReturnToPresent();
        }
    }
}

/// <summary>The demo clinic, and whether this run seeded it (false: it was there already, nothing added).</summary>
public sealed record DemoSeedResult(Guid ClinicId, bool SeededNow);
