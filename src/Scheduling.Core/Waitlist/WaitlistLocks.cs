using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Core.Waitlist;

/// <summary>
/// What the offer round and an answer share: the chair time's row lock (the database decides who gets it), whether
/// someone else booked the chair meanwhile, and the booking an offer stands for.
/// </summary>
internal static class WaitlistLocks
{
    /// <summary>
    /// Locks the chair time's row for the caller's transaction (<c>FOR UPDATE</c>) and reads it: a second answer
    /// waits here until the first commits, then finds it closed.
    /// </summary>
    public static async Task<ChairOpening?> LockOpeningAsync(
        SchedulingDbContext db,
        Guid openingId,
        CancellationToken cancellationToken
    ) =>
        (
            await db
                .ChairOpenings.FromSql($"SELECT * FROM scheduling.chair_openings WHERE id = {openingId} FOR UPDATE")
                .IgnoreQueryFilters()
                .ToListAsync(cancellationToken)
        ).SingleOrDefault();

    /// <summary>Whether a session (anyone's) now holds the freed chair at any moment of the freed time.</summary>
    public static Task<bool> ChairTakenAsync(
        SchedulingDbContext db,
        ChairOpening opening,
        CancellationToken cancellationToken
    ) =>
        db
            .Appointments.IgnoreQueryFilters()
            .AnyAsync(
                a =>
                    a.ChairId == opening.ChairId
                    && a.Status != AppointmentStatus.Cancelled
                    && a.StartInstant < opening.End
                    && a.EndInstant > opening.Start,
                cancellationToken
            );

    /// <summary>The chair time went elsewhere: every open offer of it is lost, its entry goes back in line.</summary>
    public static async Task LoseOpenOffersAsync(
        SchedulingDbContext db,
        IEnumerable<WaitlistOffer> offers,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        foreach (var offer in offers.Where(o => o.State == OfferState.Open))
        {
            offer.Lose(now);
            var entry = await db
                .WaitlistEntries.IgnoreQueryFilters()
                .SingleAsync(e => e.Id == offer.EntryId, cancellationToken);
            entry.BackInLine(now);
        }
    }

    /// <summary>The series an offer books: the entry's template, its first session in the freed chair.</summary>
    public static BookingRequest BookingFor(WaitlistEntry entry, ChairOpening opening, DateTimeZone zone) =>
        new(
            entry.PatientId,
            entry.ClinicId,
            entry.TemplateCode,
            opening.Start.InZone(zone).LocalDateTime,
            RemsEnrollmentPending: true,
            FirstChairId: opening.ChairId
        );
}
