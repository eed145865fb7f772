using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> patient)
    {
        patient.Property(p => p.FirstName).HasMaxLength(100);
        patient.Property(p => p.LastName).HasMaxLength(100);
        patient.Property(p => p.Email).HasMaxLength(320);
        patient.Property(p => p.Phone).HasMaxLength(20);
        patient.Property(p => p.TimeZoneId).HasMaxLength(64);
        patient.Property(p => p.Language).HasMaxLength(16);
        patient.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId);
        patient.HasIndex(p => p.Phone);
        patient.HasIndex(p => new
        {
            p.ClinicId,
            p.LastName,
            p.FirstName,
        });
        patient.HasMany(p => p.Consent).WithOne().HasForeignKey(c => c.PatientId);
    }
}

internal sealed class ConsentEntryConfiguration : IEntityTypeConfiguration<ConsentEntry>
{
    public void Configure(EntityTypeBuilder<ConsentEntry> consent)
    {
        consent.ToTable("consent_ledger");
        consent.Property(c => c.Evidence).HasMaxLength(2000);
        consent.Property(c => c.RecordedBy).HasMaxLength(450);
        consent.HasIndex(c => new
        {
            c.PatientId,
            c.Channel,
            c.RecordedAt,
        });
    }
}
