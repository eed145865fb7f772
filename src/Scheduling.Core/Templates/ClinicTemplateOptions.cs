using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Templates;

/// <summary>
/// What a clinic turns on for a template it books (PUT /api/clinics/{clinicId}/template-options/{code}),
/// for now PCL-5 where the template offers it. The template stays as it is, built-in or not; series booked
/// from then on take the option, series already booked keep what they were booked with.
/// </summary>
public sealed class ClinicTemplateOptions(
    SchedulingDbContext db,
    TemplateCatalogue templates,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    public async Task<Outcome<IReadOnlyList<ClinicTemplateOption>>> ListAsync(
        Guid clinicId,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<IReadOnlyList<ClinicTemplateOption>>.NotFound($"There is no clinic {clinicId}.");
        }

        var options = await db
            .ClinicTemplateOptions.AsNoTracking()
            .Where(o => o.ClinicId == clinicId)
            .OrderBy(o => o.TemplateCode)
            .ToListAsync(cancellationToken);
        return options;
    }

    public async Task<Outcome<ClinicTemplateOption>> SetAsync(
        Guid clinicId,
        string code,
        bool pcl5,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<ClinicTemplateOption>.NotFound($"There is no clinic {clinicId}.");
        }

        if (await templates.FindAsync(clinicId, code, cancellationToken) is not { } template)
        {
            return Outcome<ClinicTemplateOption>.NotFound($"There is no template '{code}' at this clinic.");
        }

        if (pcl5 && !template.OffersPcl5)
        {
            return Outcome<ClinicTemplateOption>.Conflict($"{template.Code} offers no PCL-5 option.");
        }

        var option = await db.ClinicTemplateOptions.SingleOrDefaultAsync(
            o => o.ClinicId == clinicId && o.TemplateCode == template.Code,
            cancellationToken
        );
        if (option is null)
        {
            option = ClinicTemplateOption.For(clinicId, template.Code, actor.Id);
            db.ClinicTemplateOptions.Add(option);
        }

        option.Set(pcl5, actor.Id, clock.GetCurrentInstant());
        audit.Record(
            "template-options-set",
            nameof(ClinicTemplateOption),
            clinicId,
            details: new { template.Code, pcl5 }
        );
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return Outcome<ClinicTemplateOption>.Conflict(
                "Someone else changed this option at the same moment. Reload and try again."
            );
        }

        return option;
    }
}
