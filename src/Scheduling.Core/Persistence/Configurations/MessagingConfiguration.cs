using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class PlannedMessageConfiguration : IEntityTypeConfiguration<PlannedMessage>
{
    public void Configure(EntityTypeBuilder<PlannedMessage> message)
    {
        message.ToTable("messages");
        message.Property(m => m.PlanKey).HasMaxLength(100).HasConversion(key => key.Value, text => PlanKey.Parse(text));
        message.Property(m => m.Reason).HasMaxLength(200);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.Property(m => m.ProviderId).HasMaxLength(100);
        message.Property(m => m.ClaimedBy).HasMaxLength(200);
        message.Property(m => m.TraceParent).HasMaxLength(100);
        message
            .HasIndex(m => new
            {
                m.SubjectId,
                m.PlanKey,
                m.Channel,
            })
            .IsUnique();
        message.HasIndex(m => m.ProviderId).HasFilter("provider_id IS NOT NULL");
        message.HasIndex(m => new { m.PatientId, m.DueAt });
        // The dispatcher's claim reads only what is still to do, ordered by when it is due.
        message
            .HasIndex(m => new { m.NextAttemptAt })
            .HasFilter(
                $"state IN ({MessageLifecycle.Sql(MessageState.Planned)}, {MessageLifecycle.Sql(MessageState.Sending)})"
            )
            .HasDatabaseName("ix_messages_pending");

        // Most messages are about an appointment: the other references are mostly empty, and every booking
        // writes dozens of messages, so their indexes keep only the rows that have one.
        message.HasIndex(m => m.OnCallContactId).HasFilter("on_call_contact_id IS NOT NULL");
        message.HasIndex(m => m.SurveyId).HasFilter("survey_id IS NOT NULL");
        message.HasIndex(m => m.AlertId).HasFilter("alert_id IS NOT NULL");
        message.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId);
        message.HasOne<OnCallContact>().WithMany().HasForeignKey(m => m.OnCallContactId);
        message.HasOne<Appointment>().WithMany().HasForeignKey(m => m.AppointmentId);
        message.HasOne<Survey>().WithMany().HasForeignKey(m => m.SurveyId);
        message.HasOne<SafetyAlert>().WithMany().HasForeignKey(m => m.AlertId);
    }
}

internal sealed class MessageAttemptConfiguration : IEntityTypeConfiguration<MessageAttempt>
{
    public void Configure(EntityTypeBuilder<MessageAttempt> attempt)
    {
        attempt.Property(a => a.Result).HasColumnName("outcome");
        attempt.Property(a => a.Error).HasMaxLength(2000);
        attempt.Property(a => a.ProviderId).HasMaxLength(100);
        attempt.Property(a => a.Worker).HasMaxLength(200);
        attempt.HasOne<PlannedMessage>().WithMany().HasForeignKey(a => a.MessageId);
        attempt.HasIndex(a => a.MessageId);
    }
}

internal sealed class MessageWordingConfiguration : IEntityTypeConfiguration<MessageWording>
{
    public void Configure(EntityTypeBuilder<MessageWording> template)
    {
        template.ToTable("message_templates");
        template.Property(t => t.Language).HasMaxLength(16);
        template.Property(t => t.Subject).HasMaxLength(200);
        template.Property(t => t.Body).HasMaxLength(20000);
        template.Property(t => t.UpdatedBy).HasMaxLength(450);
        template.HasOne<Clinic>().WithMany().HasForeignKey(t => t.ClinicId);
        template
            .HasIndex(t => new
            {
                t.ClinicId,
                t.Kind,
                t.Channel,
                t.Language,
            })
            .IsUnique()
            .AreNullsDistinct(false);
    }
}

internal sealed class InboundSmsConfiguration : IEntityTypeConfiguration<InboundSms>
{
    public void Configure(EntityTypeBuilder<InboundSms> sms)
    {
        sms.ToTable("inbound_sms");
        sms.Property(s => s.ProviderId).HasMaxLength(100);
        sms.Property(s => s.From).HasMaxLength(20);
        sms.Property(s => s.To).HasMaxLength(20);
        sms.Property(s => s.Body).HasMaxLength(1600);
        sms.HasIndex(s => s.ProviderId).IsUnique();
        sms.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId);
    }
}

internal sealed class DeliveryStatusEventConfiguration : IEntityTypeConfiguration<DeliveryStatusEvent>
{
    public void Configure(EntityTypeBuilder<DeliveryStatusEvent> status)
    {
        status.Property(s => s.ProviderId).HasMaxLength(100);
        status.Property(s => s.Status).HasMaxLength(40);
        status.Property(s => s.ErrorCode).HasMaxLength(20);
        status.HasIndex(s => new { s.ProviderId, s.Status }).IsUnique();
    }
}

internal sealed class CapturedSmsConfiguration : IEntityTypeConfiguration<CapturedSms>
{
    public void Configure(EntityTypeBuilder<CapturedSms> sms)
    {
        sms.ToTable("captured_sms");
        sms.Property(s => s.To).HasMaxLength(20);
        sms.Property(s => s.From).HasMaxLength(40);
        sms.Property(s => s.Body).HasMaxLength(1600);
        sms.HasIndex(s => s.CapturedAt);
    }
}
