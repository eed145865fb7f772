using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// A clinic's chairs: added, renamed, retired. Sessions name their chair, so a chair is never deleted;
/// a retired one stays for the history and is no longer offered for a booking or a move. A chair with
/// sessions still to come is not retired: the front desk moves them first.
/// </summary>
public sealed class ClinicChairs(SchedulingDbContext db, IClock clock, AuditLog audit)
{
    public const int MaxChairs = 200;

    public const int MaxName = 100;

    /// <summary>`name` null: "Chair n".</summary>
    public async Task<Outcome<Chair>> AddAsync(Guid clinicId, string? name, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockClinicAsync(clinicId, cancellationToken) is null)
        {
            return Outcome<Chair>.NotFound($"There is no clinic {clinicId}.");
        }

        var chairs = await db.Chairs.Where(c => c.ClinicId == clinicId).ToListAsync(cancellationToken);
        if (chairs.Count(c => c.RetiredAt is null) >= MaxChairs)
        {
            return Outcome<Chair>.Conflict($"A clinic has at most {MaxChairs} chairs in service.");
        }

        var number = chairs.Select(c => c.Number).DefaultIfEmpty().Max() + 1;
        var chair = new Chair
        {
            ClinicId = clinicId,
            Number = number,
            Name = name ?? $"Chair {number}",
        };
        if (NameTaken(chairs, chair.Id, chair.Name) is { } taken)
        {
            return taken;
        }

        db.Chairs.Add(chair);
        audit.Record(
            "chair-added",
            nameof(Clinic),
            clinicId,
            details: new
            {
                chair = chair.Id,
                chair.Number,
                chair.Name,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return chair;
    }

    public async Task<Outcome<Chair>> RenameAsync(
        Guid clinicId,
        Guid chairId,
        string name,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockClinicAsync(clinicId, cancellationToken);
        var chairs = await db.Chairs.Where(c => c.ClinicId == clinicId).ToListAsync(cancellationToken);
        if (chairs.SingleOrDefault(c => c.Id == chairId) is not { } chair)
        {
            return Outcome<Chair>.NotFound($"The clinic {clinicId} has no chair {chairId}.");
        }

        if (NameTaken(chairs, chair.Id, name) is { } taken)
        {
            return taken;
        }

        audit.Record(
            "chair-renamed",
            nameof(Clinic),
            clinicId,
            details: new
            {
                chair = chair.Id,
                before = chair.Name,
                after = name,
            }
        );
        chair.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return chair;
    }

    /// <summary>
    /// Refused while the chair holds a session that is not cancelled and has not ended, and for the last
    /// chair in service. Bookings wait on the lock taken here, and the database refuses a session on a
    /// retired chair, so a booking racing the retirement either counts here or is refused.
    /// </summary>
    public async Task<Outcome<Chair>> RetireAsync(Guid clinicId, Guid chairId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockClinicAsync(clinicId, cancellationToken);
        var chairs = await db.Chairs.Where(c => c.ClinicId == clinicId).ToListAsync(cancellationToken);
        if (chairs.SingleOrDefault(c => c.Id == chairId) is not { } chair)
        {
            return Outcome<Chair>.NotFound($"The clinic {clinicId} has no chair {chairId}.");
        }

        if (chair.RetiredAt is not null)
        {
            return Outcome<Chair>.Conflict($"{chair.Name} is already retired.");
        }

        if (chairs.Count(c => c.RetiredAt is null) == 1)
        {
            return Outcome<Chair>.Conflict(
                $"{chair.Name} is the clinic's last chair in service: add another before retiring it."
            );
        }

        await db.Database.ExecuteSqlRawAsync("LOCK TABLE scheduling.appointments IN SHARE MODE", cancellationToken);
        var now = clock.GetCurrentInstant();
        var ahead = await db.Appointments.CountAsync(
            a => a.ChairId == chairId && a.Status != AppointmentStatus.Cancelled && a.EndInstant > now,
            cancellationToken
        );
        if (ahead > 0)
        {
            return Outcome<Chair>.Conflict(
                ahead == 1
                    ? $"1 session still to come is booked on {chair.Name}: move or cancel it first."
                    : $"{ahead} sessions still to come are booked on {chair.Name}: move or cancel them first."
            );
        }

        chair.RetiredAt = now;
        audit.Record(
            "chair-retired",
            nameof(Clinic),
            clinicId,
            details: new
            {
                chair = chair.Id,
                chair.Number,
                chair.Name,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return chair;
    }

    /// <summary>Names are unique within a clinic, retired chairs included: past sessions still show them.</summary>
    private static Outcome<Chair>? NameTaken(IEnumerable<Chair> chairs, Guid id, string name) =>
        chairs.Any(c => c.Id != id && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ? Outcome<Chair>.Conflict(
                $"The clinic already has a chair named {name}.",
                new Dictionary<string, string[]> { ["name"] = ["Another chair of the clinic has this name."] }
            )
            : null;
}
