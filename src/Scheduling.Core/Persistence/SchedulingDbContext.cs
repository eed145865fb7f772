using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence.Configurations;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Audit;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Waitlist;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Persistence;

/// <summary>
/// All of the business data, the users and the data-protection keys, in one schema; Hangfire keeps its own.
/// </summary>
public sealed partial class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options, ClinicScope clinicScope)
    : IdentityDbContext<IdentityUser>(options),
        IDataProtectionKeyContext
{
    public const string Schema = "scheduling";
    public const string MigrationsHistoryTable = "ef_migrations_history";

    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Chair> Chairs => Set<Chair>();
    public DbSet<ProtocolTemplate> Templates => Set<ProtocolTemplate>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<ConsentEntry> ConsentEntries => Set<ConsentEntry>();
    public DbSet<Series> Series => Set<Series>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<PlannedMessage> Messages => Set<PlannedMessage>();
    public DbSet<MessageAttempt> MessageAttempts => Set<MessageAttempt>();
    public DbSet<MessageWording> MessageWordings => Set<MessageWording>();
    public DbSet<InboundSms> InboundSms => Set<InboundSms>();
    public DbSet<DeliveryStatusEvent> DeliveryStatusEvents => Set<DeliveryStatusEvent>();
    public DbSet<CapturedSms> CapturedSms => Set<CapturedSms>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<SurveyLink> SurveyLinks => Set<SurveyLink>();
    public DbSet<PatientLink> PatientLinks => Set<PatientLink>();
    public DbSet<SafetyAlert> Alerts => Set<SafetyAlert>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<RemsEnrollment> RemsEnrollments => Set<RemsEnrollment>();
    public DbSet<ClinicTemplateOption> ClinicTemplateOptions => Set<ClinicTemplateOption>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<WaitlistEntry> WaitlistEntries => Set<WaitlistEntry>();
    public DbSet<ChairOpening> ChairOpenings => Set<ChairOpening>();
    public DbSet<WaitlistOffer> WaitlistOffers => Set<WaitlistOffer>();
    public DbSet<WaitlistOfferLink> WaitlistOfferLinks => Set<WaitlistOfferLink>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.HasPostgresExtension("btree_gist");
        builder.RenameIdentityTables();
        builder.ApplyConfigurationsFromAssembly(typeof(SchedulingDbContext).Assembly);
        ApplyClinicScope(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        foreach (var enumType in typeof(Clinic).Assembly.GetTypes().Where(t => t.IsEnum).Append(typeof(IsoDayOfWeek)))
        {
            configurationBuilder.Properties(enumType).HaveConversion<string>().HaveMaxLength(40);
        }
    }
}
