using Microsoft.EntityFrameworkCore;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Persistence;

/// <summary>
/// The clinic scope as query filters (docs/access.md, "Limited to clinics"): a clinic, what it owns, and
/// every row that belongs to one of its patients is invisible to a caller limited to other clinics, in
/// every EF query, whatever the page or endpoint. Rows with a clinic_id are judged by it; the rest by the
/// row they hang off (a survey by its patient, an answer by its survey), so a required relationship never
/// leads from a visible row to an invisible one (EF's warning about filters on required navigations).
/// Each filter starts with <c>ScopedClinicIds == null</c>: for the unlimited scope that is a null parameter,
/// which EF turns into a constant and drops, so jobs, the dispatcher and unlimited users run the SQL they
/// always ran; EF keeps one compiled query per nullness of the parameter.
/// </summary>
public sealed partial class SchedulingDbContext
{
    /// <summary>The filters' name, for the few reads that must see past them (IgnoreQueryFilters).</summary>
    public const string ClinicScopeFilter = "ClinicScope";

    /// <summary>Read by the filters on every query; a member of the context so that EF reads it per instance.</summary>
    internal Guid[]? ScopedClinicIds => clinicScope.ClinicIdArray;

    private void ApplyClinicScope(ModelBuilder builder)
    {
        builder.Entity<Clinic>()
            .HasQueryFilter(ClinicScopeFilter, c => ScopedClinicIds == null || ScopedClinicIds.Contains(c.Id));
        builder.Entity<Chair>()
            .HasQueryFilter(ClinicScopeFilter, c => ScopedClinicIds == null || ScopedClinicIds.Contains(c.ClinicId));
        builder.Entity<OpeningHours>()
            .HasQueryFilter(ClinicScopeFilter, h => ScopedClinicIds == null || ScopedClinicIds.Contains(h.ClinicId));
        builder.Entity<ClosedDate>()
            .HasQueryFilter(ClinicScopeFilter, d => ScopedClinicIds == null || ScopedClinicIds.Contains(d.ClinicId));
        builder.Entity<OnCallContact>()
            .HasQueryFilter(ClinicScopeFilter, o => ScopedClinicIds == null || ScopedClinicIds.Contains(o.ClinicId));
        builder.Entity<Patient>()
            .HasQueryFilter(ClinicScopeFilter, p => ScopedClinicIds == null || ScopedClinicIds.Contains(p.ClinicId));
        builder.Entity<Series>()
            .HasQueryFilter(ClinicScopeFilter, s => ScopedClinicIds == null || ScopedClinicIds.Contains(s.ClinicId));
        builder.Entity<Appointment>()
            .HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds == null || ScopedClinicIds.Contains(a.ClinicId));
        builder.Entity<SafetyAlert>()
            .HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds == null || ScopedClinicIds.Contains(a.ClinicId));
        builder.Entity<WorkItem>()
            .HasQueryFilter(ClinicScopeFilter, w => ScopedClinicIds == null || ScopedClinicIds.Contains(w.ClinicId));

        // Hanging off a patient: the patient's own filter applies inside Any, so these follow it.
        builder.Entity<ConsentEntry>()
            .HasQueryFilter(ClinicScopeFilter, e => ScopedClinicIds == null || Patients.Any(p => p.Id == e.PatientId));
        builder.Entity<Survey>()
            .HasQueryFilter(ClinicScopeFilter, s => ScopedClinicIds == null || Patients.Any(p => p.Id == s.PatientId));
        builder.Entity<SurveyAnswer>()
            .HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds == null || Surveys.Any(s => s.Id == a.SurveyId));
        builder.Entity<SurveyLink>()
            .HasQueryFilter(ClinicScopeFilter, l => ScopedClinicIds == null || Surveys.Any(s => s.Id == l.SurveyId));
        builder.Entity<InboundSms>()
            .HasQueryFilter(ClinicScopeFilter, i => ScopedClinicIds == null || Patients.Any(p => p.Id == i.PatientId));

        // A message goes to a patient, or (a page) to a clinic's on-call contact.
        builder.Entity<PlannedMessage>().HasQueryFilter(ClinicScopeFilter, m => ScopedClinicIds == null
            || Patients.Any(p => p.Id == m.PatientId)
            || OnCallContacts.Any(o => o.Id == m.OnCallContactId));
        // The local capture names no patient or clinic, so only an unlimited caller sees it.
        builder.Entity<CapturedSms>().HasQueryFilter(ClinicScopeFilter, _ => ScopedClinicIds == null);
        builder.Entity<MessageAttempt>()
            .HasQueryFilter(ClinicScopeFilter, a => ScopedClinicIds == null || Messages.Any(m => m.Id == a.MessageId));
    }

    private IQueryable<OnCallContact> OnCallContacts => Set<OnCallContact>();
}
