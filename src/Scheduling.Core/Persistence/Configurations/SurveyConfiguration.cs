using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Audit;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> survey)
    {
        survey.Property(s => s.InstrumentVersion).HasMaxLength(40);
        survey.Property(s => s.Band).HasMaxLength(40);
        survey.Property(s => s.Reason).HasMaxLength(200);
        survey
            .HasIndex(s => new
            {
                s.SubjectId,
                s.Instrument,
                s.Occasion,
            })
            .IsUnique();
        survey.HasIndex(s => new { s.State, s.ExpiresAt }).HasFilter("state IN ('Planned', 'Sent')");
        survey.HasIndex(s => new { s.PatientId, s.DueAt });
        survey.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId);
        survey.HasOne<Series>().WithMany().HasForeignKey(s => s.SeriesId);
        survey.HasOne<Appointment>().WithMany().HasForeignKey(s => s.AppointmentId);
        survey.HasMany(s => s.Answers).WithOne().HasForeignKey(a => a.SurveyId);
    }
}

internal sealed class SurveyLinkConfiguration : IEntityTypeConfiguration<SurveyLink>
{
    public void Configure(EntityTypeBuilder<SurveyLink> link)
    {
        link.HasKey(l => l.TokenHash);
        link.HasIndex(l => l.SurveyId);
        link.HasOne<Survey>().WithMany().HasForeignKey(l => l.SurveyId);
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> answer)
    {
        answer.HasKey(a => new { a.SurveyId, a.Item });
        answer.Property(a => a.Item).HasMaxLength(40);
    }
}

internal sealed class SafetyAlertConfiguration : IEntityTypeConfiguration<SafetyAlert>
{
    public void Configure(EntityTypeBuilder<SafetyAlert> alert)
    {
        alert.ToTable("alerts");
        alert.Property(a => a.AcknowledgedBy).HasMaxLength(450);
        alert.Property(a => a.Note).HasMaxLength(2000);
        alert
            .Property(a => a.Answers)
            .HasColumnType("jsonb")
            .HasDefaultValueSql("'[]'::jsonb")
            .HasConversion(AnswersGivenJson.Converter, AnswersGivenJson.Comparer);
        alert.HasIndex(a => new { a.State, a.CreatedAt });
        alert.HasIndex(a => new { a.SurveyId, a.Kind }).IsUnique().HasFilter("survey_id IS NOT NULL");
        alert.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId);
        alert.HasOne<Clinic>().WithMany().HasForeignKey(a => a.ClinicId);
        alert.HasOne<Survey>().WithMany().HasForeignKey(a => a.SurveyId);
        alert.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> item)
    {
        item.ToTable("work_items");
        item.Property(w => w.Detail).HasMaxLength(500);
        item.Property(w => w.ResolvedBy).HasMaxLength(450);
        item.HasIndex(w => new { w.Kind, w.SubjectId }).IsUnique().HasFilter("state = 'Open'");
        item.HasIndex(w => new
        {
            w.ClinicId,
            w.State,
            w.Kind,
        });
        item.HasOne<Clinic>().WithMany().HasForeignKey(w => w.ClinicId);
        item.HasOne<Patient>().WithMany().HasForeignKey(w => w.PatientId);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.Property(a => a.Actor).HasMaxLength(450);
        audit.Property(a => a.Action).HasMaxLength(100);
        audit.Property(a => a.EntityType).HasMaxLength(100);
        audit.Property(a => a.EntityId).HasMaxLength(100);
        audit.Property(a => a.Details).HasColumnType("jsonb");
        audit.HasIndex(a => a.At);
        audit.HasIndex(a => new { a.PatientId, a.At }).HasFilter("patient_id IS NOT NULL");
        audit.Property(a => a.PatientIds).HasColumnType("uuid[]");
        audit.HasIndex(a => a.PatientIds).HasMethod("gin");
    }
}
