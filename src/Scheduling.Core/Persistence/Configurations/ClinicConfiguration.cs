using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> clinic)
    {
        clinic.Property(c => c.Name).HasMaxLength(200);
        clinic.Property(c => c.MessageName).HasMaxLength(200);
        clinic.Property(c => c.TimeZoneId).HasMaxLength(64);
        clinic.Property(c => c.Phone).HasMaxLength(20);
        clinic.HasMany(c => c.Chairs).WithOne().HasForeignKey(c => c.ClinicId);
        clinic.HasMany(c => c.OpeningHours).WithOne().HasForeignKey(h => h.ClinicId);
        clinic.HasMany(c => c.ClosedDates).WithOne().HasForeignKey(d => d.ClinicId);
        clinic.HasMany(c => c.OnCall).WithOne().HasForeignKey(o => o.ClinicId);
    }
}

internal sealed class ChairConfiguration : IEntityTypeConfiguration<Chair>
{
    public void Configure(EntityTypeBuilder<Chair> chair)
    {
        chair.Property(c => c.Name).HasMaxLength(100);
        chair.HasIndex(c => new { c.ClinicId, c.Number }).IsUnique();
    }
}

internal sealed class OpeningHoursConfiguration : IEntityTypeConfiguration<OpeningHours>
{
    public void Configure(EntityTypeBuilder<OpeningHours> hours)
    {
        hours.ToTable("opening_hours", t => t.HasCheckConstraint("ck_opening_hours_open_before_close", "open < close"));
        hours.HasKey(h => new
        {
            h.ClinicId,
            h.Day,
            h.Open,
        });
    }
}

internal sealed class ClosedDateConfiguration : IEntityTypeConfiguration<ClosedDate>
{
    public void Configure(EntityTypeBuilder<ClosedDate> closed)
    {
        closed.HasKey(d => new { d.ClinicId, d.Date });
        closed.Property(d => d.Reason).HasMaxLength(200);
    }
}

internal sealed class OnCallContactConfiguration : IEntityTypeConfiguration<OnCallContact>
{
    public void Configure(EntityTypeBuilder<OnCallContact> contact)
    {
        contact.ToTable("on_call_contacts");
        contact.Property(c => c.Name).HasMaxLength(200);
        contact.Property(c => c.Email).HasMaxLength(320);
        contact.Property(c => c.Phone).HasMaxLength(20);
    }
}
