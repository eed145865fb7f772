using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Persistence;

namespace Scheduling.Web.Pages.Shared;

/// <summary>
/// The clinics a page can switch between, and the one it shows: the asked-for one, else the first by name.
/// </summary>
public sealed record ClinicChoice(IReadOnlyList<ClinicOption> Clinics, ClinicOption? Current)
{
    public static async Task<ClinicChoice> LoadAsync(
        SchedulingDbContext db,
        Guid? wanted,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        var clinics = await db
            .Clinics.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new ClinicOption(c.Id, c.Name, c.TimeZoneId))
            .ToListAsync(cancellationToken);
        return new ClinicChoice(clinics, clinics.FirstOrDefault(c => c.Id == wanted) ?? clinics.FirstOrDefault());
    }
}

public sealed record ClinicOption(Guid Id, string Name, string TimeZoneId);
