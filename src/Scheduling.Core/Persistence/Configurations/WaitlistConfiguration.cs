using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Core.Persistence.Configurations;

internal sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public const int TemplateCodeLength = 100;

    public void Configure(EntityTypeBuilder<WaitlistEntry> entry)
    {
        entry.ToTable("waitlist_entries");
        entry.Property(e => e.TemplateCode).HasMaxLength(TemplateCodeLength);

        // The offer round reads a clinic's waiting entries oldest first.
        entry.HasIndex(e => new { e.ClinicId, e.CreatedAt }).HasFilter("state = 'Waiting'");
        entry.HasIndex(e => e.PatientId);
        entry.HasOne<Clinic>().WithMany().HasForeignKey(e => e.ClinicId);
        entry.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId);
        entry.HasOne<Series>().WithMany().HasForeignKey(e => e.SeriesId);
    }
}

internal sealed class ChairOpeningConfiguration : IEntityTypeConfiguration<ChairOpening>
{
    public void Configure(EntityTypeBuilder<ChairOpening> opening)
    {
        opening.ToTable("chair_openings");
        opening.Property(o => o.Id).ValueGeneratedNever();
        opening.Ignore(o => o.Length);
        opening.HasIndex(o => o.Start).HasFilter("state = 'Open'");
        opening.HasOne<Appointment>().WithOne().HasForeignKey<ChairOpening>(o => o.Id);
        opening.HasOne<Clinic>().WithMany().HasForeignKey(o => o.ClinicId);
        opening.HasOne<WaitlistEntry>().WithMany().HasForeignKey(o => o.FilledByEntryId);
    }
}

internal sealed class WaitlistOfferConfiguration : IEntityTypeConfiguration<WaitlistOffer>
{
    public void Configure(EntityTypeBuilder<WaitlistOffer> offer)
    {
        offer.ToTable("waitlist_offers");
        offer.HasIndex(o => new { o.OpeningId, o.EntryId }).IsUnique();
        offer.HasIndex(o => new { o.State, o.ExpiresAt }).HasFilter("state = 'Open'");
        offer.HasIndex(o => new { o.PatientId, o.CreatedAt });
        offer.HasIndex(o => o.EntryId);
        offer.HasOne<ChairOpening>().WithMany().HasForeignKey(o => o.OpeningId);
        offer.HasOne<WaitlistEntry>().WithMany().HasForeignKey(o => o.EntryId);
        offer.HasOne<Patient>().WithMany().HasForeignKey(o => o.PatientId);
    }
}

internal sealed class WaitlistOfferLinkConfiguration : IEntityTypeConfiguration<WaitlistOfferLink>
{
    public void Configure(EntityTypeBuilder<WaitlistOfferLink> link)
    {
        link.ToTable("waitlist_offer_links");
        link.HasKey(l => l.TokenHash);
        link.HasIndex(l => l.OfferId);
        link.HasOne<WaitlistOffer>().WithMany().HasForeignKey(l => l.OfferId);
    }
}
