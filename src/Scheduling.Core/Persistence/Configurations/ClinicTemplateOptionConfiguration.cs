using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class ClinicTemplateOptionConfiguration : IEntityTypeConfiguration<ClinicTemplateOption>
{
    public void Configure(EntityTypeBuilder<ClinicTemplateOption> option)
    {
        option.ToTable("clinic_template_options");
        option.HasKey(o => new { o.ClinicId, o.TemplateCode });
        option.Property(o => o.TemplateCode).HasMaxLength(64);
        option.Property(o => o.ChangedBy).HasMaxLength(450);
        option.HasOne<Clinic>().WithMany().HasForeignKey(o => o.ClinicId);
    }
}
