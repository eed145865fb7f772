using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

internal static class ClinicLock
{
    /// <summary>
    /// The clinic's row locked until the caller's transaction ends, so that two administrators' changes to
    /// one clinic take turns. NO KEY UPDATE leaves bookings alone: their foreign-key checks take KEY SHARE.
    /// </summary>
    public static Task<Clinic?> LockClinicAsync(
        this SchedulingDbContext db,
        Guid clinicId,
        CancellationToken cancellationToken
    ) =>
        db
            .Clinics.FromSql($"SELECT * FROM scheduling.clinics WHERE id = {clinicId} FOR NO KEY UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
}
