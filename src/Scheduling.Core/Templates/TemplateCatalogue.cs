using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Templates;

/// <summary>Protocol templates: the built-ins plus what clinics add as data (POST/GET /api/templates).</summary>
public sealed class TemplateCatalogue(SchedulingDbContext db, IClock clock, AuditLog audit)
{
    public async Task<Outcome<ProtocolTemplate>> CreateAsync(NewTemplate command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var template = new ProtocolTemplate
        {
            Code = command.Code,
            Name = command.Name,
            ClinicId = command.ClinicId,
            Medication = command.Medication,
            SessionCount = command.SessionCount,
            SessionDuration = command.SessionDuration,
            MinDaysBetween = command.MinDaysBetween,
            MaxDaysBetween = command.MaxDaysBetween,
            RemsFormDueDays = command.RemsFormDueDays,
            DayBeforeCheck = command.DayBeforeCheck,
            RelapseWatchMonths = command.RelapseWatchMonths,
            OffersPcl5 = command.OffersPcl5,
            Reminders = [.. command.Reminders],
            FollowUps = [.. command.FollowUps],
            CreatedAt = clock.GetCurrentInstant(),
        };
        if (template.ClinicId is { } clinicId && !await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<ProtocolTemplate>.NotFound($"There is no clinic {clinicId}.");
        }

        if (await Visible(template.ClinicId).AnyAsync(t => t.Code == template.Code, cancellationToken))
        {
            return Outcome<ProtocolTemplate>.Conflict(
                $"A template with code '{template.Code}' already exists (a retired template keeps its code)."
            );
        }

        db.Templates.Add(template);
        audit.Record("created", nameof(ProtocolTemplate), template.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return Outcome<ProtocolTemplate>.Conflict(
                $"A template with code '{template.Code}' already exists (a retired template keeps its code)."
            );
        }

        return template;
    }

    /// <summary>
    /// No new series with it from now on. Series already booked keep it: a move re-plans by it and its
    /// surveys follow it, which is also why a template is never edited in place (a new code replaces it).
    /// </summary>
    public async Task<Outcome<ProtocolTemplate>> RetireAsync(Guid id, CancellationToken cancellationToken)
    {
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return Outcome<ProtocolTemplate>.NotFound($"There is no template {id}.");
        }

        if (template.BuiltIn || template.RetiredAt is not null)
        {
            return Outcome<ProtocolTemplate>.Conflict(
                template.BuiltIn
                    ? $"{template.Code} is built in and cannot be retired."
                    : $"{template.Code} is already retired."
            );
        }

        template.RetiredAt = clock.GetCurrentInstant();
        audit.Record("retired", nameof(ProtocolTemplate), template.Id, details: new { template.Code });
        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    /// <summary>
    /// With a clinic, the templates it can book now (shared and its own, none retired); without, every template.
    /// Either way a built-in shows its newest version: older ones stay only for the series booked on them.
    /// </summary>
    public async Task<IReadOnlyList<ProtocolTemplate>> ListAsync(Guid? clinicId, CancellationToken cancellationToken)
    {
        var templates = Newest(clinicId is null ? db.Templates : Visible(clinicId).Where(t => t.RetiredAt == null));
        return (
            await templates
                .AsNoTracking()
                .OrderByDescending(t => t.BuiltIn)
                .ThenBy(t => t.Code)
                .ToListAsync(cancellationToken)
        );
    }

    /// <summary>
    /// The template a clinic books by this code, read-only: the clinic's own first, else the shared one, in its
    /// newest version; never a retired one. Its few reminders and follow-ups come in the same query as the
    /// template (one round trip where split queries would take three).
    /// </summary>
    public Task<ProtocolTemplate?> FindAsync(Guid clinicId, string code, CancellationToken cancellationToken) =>
        Visible(clinicId)
            .AsNoTracking()
            .AsSingleQuery()
            .Where(t => t.Code == code && t.RetiredAt == null)
            .OrderBy(t => t.ClinicId == null)
            .ThenByDescending(t => t.Version)
            .FirstOrDefaultAsync(cancellationToken);

    private IQueryable<ProtocolTemplate> Visible(Guid? clinicId) =>
        db.Templates.Where(t => t.ClinicId == null || t.ClinicId == clinicId);

    private IQueryable<ProtocolTemplate> Newest(IQueryable<ProtocolTemplate> templates) =>
        templates.Where(t =>
            !db.Templates.Any(n => n.ClinicId == t.ClinicId && n.Code == t.Code && n.Version > t.Version)
        );
}
