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
    public async Task<Outcome<TemplateView>> CreateAsync(TemplateInput? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var template = TemplateValidation.ToTemplate(input, clock.GetCurrentInstant(), problems);
        if (template is null)
        {
            return Outcome<TemplateView>.Invalid(problems.ToDictionary());
        }

        if (template.ClinicId is { } clinicId && !await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<TemplateView>.NotFound($"There is no clinic {clinicId}.");
        }

        if (await Visible(template.ClinicId).AnyAsync(t => t.Code == template.Code, cancellationToken))
        {
            return Outcome<TemplateView>.Conflict(
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
            return Outcome<TemplateView>.Conflict(
                $"A template with code '{template.Code}' already exists (a retired template keeps its code)."
            );
        }

        return View(template);
    }

    /// <summary>
    /// No new series with it from now on. Series already booked keep it: a move re-plans by it and its
    /// surveys follow it, which is also why a template is never edited in place (a new code replaces it).
    /// </summary>
    public async Task<Outcome<TemplateView>> RetireAsync(Guid id, CancellationToken cancellationToken)
    {
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return Outcome<TemplateView>.NotFound($"There is no template {id}.");
        }

        if (template.BuiltIn || template.RetiredAt is not null)
        {
            return Outcome<TemplateView>.Conflict(
                template.BuiltIn
                    ? $"{template.Code} is built in and cannot be retired."
                    : $"{template.Code} is already retired."
            );
        }

        template.RetiredAt = clock.GetCurrentInstant();
        audit.Record("retired", nameof(ProtocolTemplate), template.Id, details: new { template.Code });
        await db.SaveChangesAsync(cancellationToken);
        return View(template);
    }

    /// <summary>
    /// With a clinic, the templates it can book now (shared and its own, none retired); without, every template.
    /// Either way a built-in shows its newest version: older ones stay only for the series booked on them.
    /// </summary>
    public async Task<IReadOnlyList<TemplateView>> ListAsync(Guid? clinicId, CancellationToken cancellationToken)
    {
        var templates = Newest(clinicId is null ? db.Templates : Visible(clinicId).Where(t => t.RetiredAt == null));
        return (
            await templates
                .AsNoTracking()
                .OrderByDescending(t => t.BuiltIn)
                .ThenBy(t => t.Code)
                .ToListAsync(cancellationToken)
        )
            .Select(View)
            .ToList();
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

    public static TemplateView View(ProtocolTemplate t) =>
        new(
            t.Id,
            t.Code,
            t.Name,
            t.ClinicId,
            t.BuiltIn,
            t.Medication.ToString(),
            t.SessionCount,
            Wire.Format(t.SessionDuration),
            t.MinDaysBetween,
            t.MaxDaysBetween,
            t.RemsFormDueDays,
            t.DayBeforeCheck,
            // The database keeps no order among a template's rules: they are shown in the order they happen.
            t.Reminders.OrderByDescending(r => r.Before)
                .ThenBy(r => r.Channel)
                .Select(r => new ReminderView(r.Channel.ToString(), Wire.Format(r.Before)))
                .ToList(),
            t.FollowUps.OrderBy(f => f.After)
                .ThenBy(f => f.Kind)
                .ThenBy(f => f.Sessions, StringComparer.Ordinal)
                .Select(f => new FollowUpView(f.Kind.ToString(), Wire.Format(f.After), SessionsView(f.Sessions)))
                .ToList(),
            t.RetiredAt is { } retired ? Wire.Format(retired) : null,
            t.RelapseWatchMonths,
            t.OffersPcl5,
            t.OpenEnded
        );

    private static object SessionsView(string sessions) =>
        sessions is "each" or "first" or "last" ? sessions : sessions.Split(',').Select(int.Parse).ToArray();
}
