using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Waitlist;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Persistence;

/// <summary>
/// The clinic scope as query filters (docs/access.md, "Limited to clinics"): a clinic, what it owns, and
/// every row that belongs to one of its patients is invisible to a caller limited to other clinics, in
/// every EF query, whatever the page or endpoint. Rows with a clinic_id are judged by it; the rest by the
/// row they hang off (a survey by its patient, an answer by its survey), so a required relationship never
/// leads from a visible row to an invisible one (EF's warning about filters on required navigations).
/// The filters exist only in the model of limited callers (<see cref="ClinicScopeModelCacheKey"/>): jobs,
/// the dispatcher and unlimited users run on a model without them, so their SQL is what it always was.
/// A limited caller's clinics are a parameter read from the context, so one limited model serves them all.
/// </summary>
public sealed partial class SchedulingDbContext
{
    /// <summary>The filters' name, for the few reads that must see past them (IgnoreQueryFilters).</summary>
    public const string ClinicScopeFilter = "ClinicScope";

    /// <summary>Read by the filters on every query; a member of the context so that EF reads it per instance.</summary>
    internal Guid[]? ScopedClinicIds => clinicScope.ClinicIdArray;

    private void ApplyClinicScope(ModelBuilder builder)
    {
        if (!clinicScope.IsLimited)
        {
            return;
        }

        builder.Entity<Clinic>().HasQueryFilter(ClinicScopeFilter, c => ScopedClinicIds!.Contains(c.Id));
        builder.Entity<Chair>().HasQueryFilter(ClinicScopeFilter, c => ScopedClinicIds!.Contains(c.ClinicId));
        builder.Entity<OpeningHours>().HasQueryFilter(ClinicScopeFilter, h => ScopedClinicIds!.Contains(h.ClinicId));
        builder.Entity<ClosedDate>().HasQueryFilter(ClinicScopeFilter, d => ScopedClinicIds!.Contains(d.ClinicId));
        builder.Entity<OnCallContact>().HasQueryFilter(ClinicScopeFilter, o => ScopedClinicIds!.Contains(o.ClinicId));
        builder.Entity<Patient>().HasQueryFilter(ClinicScopeFilter, p => ScopedClinicIds!.Contains(p.ClinicId));
        builder.Entity<Series>().HasQueryFilter(ClinicScopeFilter, s => ScopedClinicIds!.Contains(s.ClinicId));
        builder.Entity<Appointment>().HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds!.Contains(a.ClinicId));
        builder.Entity<SafetyAlert>().HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds!.Contains(a.ClinicId));
        builder.Entity<WorkItem>().HasQueryFilter(ClinicScopeFilter, w => ScopedClinicIds!.Contains(w.ClinicId));

        // Hanging off a patient: the patient's own filter applies inside Any, so these follow it.
        builder.Entity<ConsentEntry>().HasQueryFilter(ClinicScopeFilter, e => Patients.Any(p => p.Id == e.PatientId));
        builder.Entity<Survey>().HasQueryFilter(ClinicScopeFilter, s => Patients.Any(p => p.Id == s.PatientId));
        builder.Entity<SurveyAnswer>().HasQueryFilter(ClinicScopeFilter, a => Surveys.Any(s => s.Id == a.SurveyId));
        builder.Entity<SurveyLink>().HasQueryFilter(ClinicScopeFilter, l => Surveys.Any(s => s.Id == l.SurveyId));
        builder.Entity<InboundSms>().HasQueryFilter(ClinicScopeFilter, i => Patients.Any(p => p.Id == i.PatientId));

        // A message goes to a patient, or (a page) to a clinic's on-call contact.
        builder
            .Entity<PlannedMessage>()
            .HasQueryFilter(ClinicScopeFilter, m =>
                Patients.Any(p => p.Id == m.PatientId) || OnCallContacts.Any(o => o.Id == m.OnCallContactId)
            );
        // The local capture names no patient or clinic, so only an unlimited caller sees it.
        builder.Entity<CapturedSms>().HasQueryFilter(ClinicScopeFilter, _ => false);
        builder.Entity<MessageAttempt>().HasQueryFilter(ClinicScopeFilter, a => Messages.Any(m => m.Id == a.MessageId));
        builder.Entity<WaitlistEntry>().HasQueryFilter(ClinicScopeFilter, e => ScopedClinicIds!.Contains(e.ClinicId));
        builder.Entity<ChairOpening>().HasQueryFilter(ClinicScopeFilter, o => ScopedClinicIds!.Contains(o.ClinicId));
        builder.Entity<WaitlistOffer>().HasQueryFilter(ClinicScopeFilter, o => Patients.Any(p => p.Id == o.PatientId));
        builder
            .Entity<WaitlistOfferLink>()
            .HasQueryFilter(ClinicScopeFilter, l => WaitlistOffers.Any(o => o.Id == l.OfferId));
    }

    private DbSet<OnCallContact> OnCallContacts => Set<OnCallContact>();
}

/// <summary>Two models: one without the clinic filters (every clinic) and one with them (a limited caller).</summary>
internal sealed class ClinicScopeModelCacheKey : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is SchedulingDbContext { ScopedClinicIds: not null }, designTime);
}
