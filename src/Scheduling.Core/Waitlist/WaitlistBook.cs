using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Core.Waitlist;

/// <summary>A new waitlist entry as typed values (POST /api/waitlist, read by the web host).</summary>
public sealed record NewWaitlistEntry(
    Guid PatientId,
    Guid ClinicId,
    string TemplateCode,
    LocalDate Earliest,
    LocalDate Latest,
    LocalTime? NotBefore,
    LocalTime? NotAfter
);

/// <summary>
/// The waitlist of a clinic (docs/waitlist.md): entries added, listed and withdrawn by the care team. An entry
/// outside the caller's clinics is not found, as everywhere; a withdrawn one stays for history.
/// </summary>
public sealed class WaitlistBook(
    SchedulingDbContext db,
    TemplateCatalogue templates,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    public async Task<Outcome<WaitlistEntry>> AddAsync(NewWaitlistEntry request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clinic = await db
            .Clinics.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == request.ClinicId, cancellationToken);
        if (clinic is null)
        {
            return Outcome<WaitlistEntry>.NotFound($"There is no clinic {request.ClinicId}.");
        }

        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            return Outcome<WaitlistEntry>.NotFound($"There is no patient {request.PatientId}.");
        }

        var now = clock.GetCurrentInstant();
        var problems = new Problems();
        if (await templates.FindAsync(clinic.Id, request.TemplateCode, cancellationToken) is null)
        {
            problems.Add("templateCode", $"There is no template '{request.TemplateCode}' at this clinic.");
        }

        var today = now.InZone(zones[clinic.TimeZoneId]).Date;
        if (request.Latest < request.Earliest)
        {
            problems.Add("latest", "The latest date cannot be before the earliest.");
        }
        else if (request.Latest < today)
        {
            problems.Add("latest", "The latest date has already passed at this clinic.");
        }

        if (request is { NotBefore: { } from, NotAfter: { } until } && until < from)
        {
            problems.Add("notAfter", "notAfter cannot be before notBefore.");
        }

        if (problems.Any)
        {
            return Outcome<WaitlistEntry>.Invalid(problems.ToDictionary());
        }

        var entry = new WaitlistEntry
        {
            PatientId = request.PatientId,
            ClinicId = clinic.Id,
            TemplateCode = request.TemplateCode,
            Earliest = request.Earliest,
            Latest = request.Latest,
            NotBefore = request.NotBefore,
            NotAfter = request.NotAfter,
            CreatedAt = now,
        };
        db.WaitlistEntries.Add(entry);
        audit.Record(
            "waitlisted",
            nameof(WaitlistEntry),
            entry.Id,
            entry.PatientId,
            new { template = entry.TemplateCode }
        );
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>A clinic's entries, oldest first, in every state; null when the clinic is not found.</summary>
    public async Task<IReadOnlyList<WaitlistEntry>?> ListAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return null;
        }

        var entries = await db
            .WaitlistEntries.AsNoTracking()
            .Where(e => e.ClinicId == clinicId)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        await audit.ListedAsync(nameof(WaitlistEntry), clinicId, entries.Select(e => e.PatientId), cancellationToken);
        return entries;
    }

    /// <summary>A patient's entries, newest first (the patient's page).</summary>
    public async Task<IReadOnlyList<WaitlistEntry>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken
    ) =>
        await db
            .WaitlistEntries.AsNoTracking()
            .Where(e => e.PatientId == patientId)
            .OrderByDescending(e => e.CreatedAt)
            .ToListAsync(cancellationToken);

    /// <summary>Withdraws an entry: its open offer is left to lapse; a booked entry cannot be withdrawn.</summary>
    public async Task<Outcome<WaitlistEntry>> WithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        var entry = await db.WaitlistEntries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return Outcome<WaitlistEntry>.NotFound($"There is no waitlist entry {id}.");
        }

        if (entry.State == WaitlistState.Booked)
        {
            return Outcome<WaitlistEntry>.Conflict("The entry was booked from an offer; cancel the series instead.");
        }

        if (entry.Withdraw(clock.GetCurrentInstant()))
        {
            audit.Record("withdrawn", nameof(WaitlistEntry), entry.Id, entry.PatientId);
            await db.SaveChangesAsync(cancellationToken);
        }

        return entry;
    }
}
