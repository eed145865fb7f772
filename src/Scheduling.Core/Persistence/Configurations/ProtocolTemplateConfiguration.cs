using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class ProtocolTemplateConfiguration : IEntityTypeConfiguration<ProtocolTemplate>
{
    public void Configure(EntityTypeBuilder<ProtocolTemplate> template)
    {
        template.ToTable("templates", t =>
        {
            t.HasCheckConstraint("ck_templates_session_count", "session_count >= 1");
            t.HasCheckConstraint(
                "ck_templates_spacing",
                "min_days_between >= 0 AND max_days_between >= min_days_between"
            );
            t.HasCheckConstraint("ck_templates_version", "version >= 1");
        });
        template.Property(t => t.Code).HasMaxLength(64);
        template.Property(t => t.Name).HasMaxLength(200);
        template.Property(t => t.Version).HasDefaultValue(1);

        // One row per version of a code; a clinic's own templates and a new code are always version 1.
        template
            .HasIndex(t => new
            {
                t.ClinicId,
                t.Code,
                t.Version,
            })
            .IsUnique()
            .AreNullsDistinct(false);
        template.HasOne<Clinic>().WithMany().HasForeignKey(t => t.ClinicId);
        template.OwnsMany(
            t => t.Reminders,
            r =>
            {
                r.ToTable("template_reminders");
                r.WithOwner().HasForeignKey("template_id");
            }
        );
        template.OwnsMany(
            t => t.FollowUps,
            f =>
            {
                f.ToTable("template_follow_ups");
                f.WithOwner().HasForeignKey("template_id");
                f.Property(x => x.Sessions).HasMaxLength(100);
            }
        );
    }
}
