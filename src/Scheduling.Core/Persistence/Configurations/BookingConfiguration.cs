using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class SeriesConfiguration : IEntityTypeConfiguration<Series>
{
    public void Configure(EntityTypeBuilder<Series> series)
    {
        series.ToTable("series");
        series.Property(s => s.TemplateCode).HasMaxLength(64);
        series.Property(s => s.CreatedBy).HasMaxLength(450);
        series.Property(s => s.CancelReason).HasMaxLength(500);
        series.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId);
        series.HasOne<Clinic>().WithMany().HasForeignKey(s => s.ClinicId);
        series.HasOne<ProtocolTemplate>().WithMany().HasForeignKey(s => s.TemplateId);
        series.HasMany(s => s.Appointments).WithOne().HasForeignKey(a => a.SeriesId);
        series.Property<uint>("Version").IsRowVersion();
    }
}

/// <summary>
/// Chair and patient double-booking are refused by exclusion constraints added in the migration
/// (EF cannot express them), so two front desks racing for the last chair cannot both win.
/// </summary>
internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public const string ChairOverlapConstraint = "ex_appointments_chair_overlap";
    public const string PatientOverlapConstraint = "ex_appointments_patient_overlap";

    /// <summary>
    /// Who holds which chair when, for the planner: every column it reads is in the index, so a clinic's
    /// months of sessions are read without visiting the table (an index-only scan).
    /// </summary>
    public const string BusyIndex = "ix_appointments_busy";

    public void Configure(EntityTypeBuilder<Appointment> appointment)
    {
        appointment.ToTable("appointments", t =>
            t.HasCheckConstraint("ck_appointments_start_before_end", "start_instant < end_instant")
        );
        appointment.Property(a => a.TimeZoneId).HasMaxLength(64);
        appointment.Property(a => a.CancelReason).HasMaxLength(500);
        appointment.Property(a => a.RemsFormReference).HasMaxLength(RemsEnrollmentConfiguration.ReferenceLength);
        appointment.Property(a => a.RemsFormRecordedBy).HasMaxLength(450);
        appointment.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId);
        appointment.HasOne<Clinic>().WithMany().HasForeignKey(a => a.ClinicId);
        appointment.HasOne<Chair>().WithMany().HasForeignKey(a => a.ChairId);
        appointment.HasIndex(a => new { a.ClinicId, a.StartInstant });
        appointment
            .HasIndex(a => new { a.ClinicId, a.StartInstant }, BusyIndex)
            .IncludeProperties(a => new
            {
                a.EndInstant,
                a.ChairId,
                a.Id,
            })
            .HasFilter("status <> 'Cancelled'")
            .HasDatabaseName(BusyIndex);
        appointment.HasIndex(a => new { a.PatientId, a.StartInstant });
        appointment
            .HasIndex(a => a.RemsFormDue)
            .HasFilter("rems_form_due IS NOT NULL AND rems_form_submitted_at IS NULL");
        appointment.Property<uint>("Version").IsRowVersion();
    }
}
