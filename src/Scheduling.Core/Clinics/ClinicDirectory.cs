using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// Creating and reading clinics (POST/GET /api/clinics and the settings pages): a clinic comes back with its
/// chairs, opening hours, closures and on-call contacts.
/// </summary>
public sealed class ClinicDirectory(SchedulingDbContext db, IClock clock, AuditLog audit, ClinicNameCheck wording)
{
    /// <summary>Refused when the name messages would use fails the discretion check, or nobody is on call.</summary>
    public async Task<Outcome<Clinic>> CreateAsync(ClinicDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = await CheckAsync(null, definition, wording, cancellationToken);
        if (problems.Any)
        {
            return Outcome<Clinic>.Invalid(problems.ToDictionary());
        }

        var clinic = definition.ToClinic(clock.GetCurrentInstant());
        db.Clinics.Add(clinic);
        audit.Record("created", nameof(Clinic), clinic.Id);
        await db.SaveChangesAsync(cancellationToken);
        return clinic;
    }

    public async Task<IReadOnlyList<Clinic>> ListAsync(CancellationToken cancellationToken) =>
        await Clinics().OrderBy(c => c.Name).ToListAsync(cancellationToken);

    public async Task<Outcome<Clinic>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await Clinics().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } clinic
            ? clinic
            : Outcome<Clinic>.NotFound($"There is no clinic {id}.");

    /// <summary>The clinic alone (no chairs, hours or contacts), or null: what a request is read against.</summary>
    public Task<Clinic?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>What only the store can tell about a definition: whether its name may go into messages.</summary>
    internal static async Task<Problems> CheckAsync(
        Guid? clinicId,
        ClinicDefinition definition,
        ClinicNameCheck wording,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        await wording.CheckNameAsync(
            clinicId,
            definition.NameInMessages,
            ClinicDefinition.MessageNameField,
            problems,
            cancellationToken
        );
        if (definition.OnCall.Count == 0)
        {
            problems.Add(ClinicDefinition.OnCallField, ClinicDefinition.OnCallRequired);
        }

        return problems;
    }

    private IQueryable<Clinic> Clinics() =>
        db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .Include(c => c.OpeningHours)
            .Include(c => c.ClosedDates)
            .Include(c => c.OnCall);
}
