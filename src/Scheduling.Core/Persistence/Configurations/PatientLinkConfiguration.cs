using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Booking;

namespace Scheduling.Core.Persistence.Configurations;

/// <summary>Links to the patient's own page: the hash is the key, one session has many.</summary>
internal sealed class PatientLinkConfiguration : IEntityTypeConfiguration<PatientLink>
{
    public void Configure(EntityTypeBuilder<PatientLink> link)
    {
        link.HasKey(l => l.TokenHash);
        link.HasIndex(l => l.AppointmentId);
        link.HasOne<Appointment>().WithMany().HasForeignKey(l => l.AppointmentId);
    }
}
