using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class RemsEnrollmentConfiguration : IEntityTypeConfiguration<RemsEnrollment>
{
    public const int ReferenceLength = 100;

    public void Configure(EntityTypeBuilder<RemsEnrollment> enrollment)
    {
        enrollment.ToTable("rems_enrollments");
        enrollment.HasKey(e => e.PatientId);
        enrollment.Property(e => e.Reference).HasMaxLength(ReferenceLength);
        enrollment.Property(e => e.RecordedBy).HasMaxLength(450);
        enrollment.HasOne<Patient>().WithOne().HasForeignKey<RemsEnrollment>(e => e.PatientId);
    }
}
