using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Core.Waitlist;

/// <summary>What became of an offer, as its patient is told.</summary>
public enum OfferStanding
{
    /// <summary>Still open: the link's page asks the patient to take it.</summary>
    Open,

    /// <summary>Booked for this patient (now, or by an earlier answer of theirs).</summary>
    Booked,

    /// <summary>Someone else got the chair time first.</summary>
    Taken,

    /// <summary>The offer ran out, or the entry was withdrawn.</summary>
    Expired,
}

/// <summary>An offer as its patient sees it: the clinic's name in messages and the offered start, local.</summary>
public sealed record OfferView(OfferStanding Standing, string Clinic, LocalDateTime Start);

/// <summary>
/// Taking an offer (a YES, or the link's button), atomically (docs/waitlist.md, "Who gets it"): under the chair time's
/// row lock the first answer that finds it open books the series, in the same transaction that closes the chair time
/// and the other offers; a later answer, one after the offer lapsed, or one that loses the chair to a front-desk
/// booking (the database's exclusion constraint) books nothing and is told so.
/// </summary>
public sealed class WaitlistAnswers(
    SchedulingDbContext db,
    SeriesBooking booking,
    IDateTimeZoneProvider zones,
    IClock clock
)
{
    public async Task<OfferView?> AcceptAsync(Guid offerId, CancellationToken cancellationToken)
    {
        var found = await db
            .WaitlistOffers.AsNoTracking()
            .IgnoreQueryFilters()
            .SingleOrDefaultAsync(o => o.Id == offerId, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var booked = await TryBookAsync(found, cancellationToken);
        db.ChangeTracker.Clear();
        if (booked is not null)
        {
            return booked;
        }

        // The chair could not be booked for this patient: if someone else holds it now, it is closed for everyone.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var opening = (await WaitlistLocks.LockOpeningAsync(db, found.OpeningId, cancellationToken))!;
        var offers = await db
            .WaitlistOffers.IgnoreQueryFilters()
            .Where(o => o.OpeningId == opening.Id)
            .ToListAsync(cancellationToken);
        if (opening.State == OpeningState.Open && await WaitlistLocks.ChairTakenAsync(db, opening, cancellationToken))
        {
            opening.Close(OpeningState.Taken, now);
            await WaitlistLocks.LoseOpenOffersAsync(db, offers, now, cancellationToken);
        }
        else
        {
            await WaitlistLocks.LoseOpenOffersAsync(db, offers.Where(o => o.Id == offerId), now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(offerId, OfferStanding.Taken, cancellationToken);
    }

    /// <summary>The offer a link's token names, without changing it; null for a token no offer carries.</summary>
    public async Task<(Guid OfferId, OfferView View)?> LookupAsync(string? token, CancellationToken cancellationToken)
    {
        if (Domain.Surveys.SurveyToken.TryHash(token) is not { } hash)
        {
            return null;
        }

        var offerId = await db
            .WaitlistOfferLinks.AsNoTracking()
            .IgnoreQueryFilters()
            .Where(l => l.TokenHash == hash)
            .Select(l => (Guid?)l.OfferId)
            .SingleOrDefaultAsync(cancellationToken);
        return offerId is { } id && await ViewAsync(id, null, cancellationToken) is { } view ? (id, view) : null;
    }

    /// <summary>Books under the row lock; null when the booking failed and the chair time needs another look.</summary>
    private async Task<OfferView?> TryBookAsync(WaitlistOffer found, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var opening = await WaitlistLocks.LockOpeningAsync(db, found.OpeningId, cancellationToken);
        var offer = await db.WaitlistOffers.IgnoreQueryFilters().SingleAsync(o => o.Id == found.Id, cancellationToken);
        var entry = await db
            .WaitlistEntries.IgnoreQueryFilters()
            .SingleAsync(e => e.Id == offer.EntryId, cancellationToken);
        var now = clock.GetCurrentInstant();
        if (Settled(offer, opening!, entry, now) is { } settled)
        {
            return await ViewAsync(offer.Id, settled, cancellationToken);
        }

        var clinic = await db
            .Clinics.AsNoTracking()
            .IgnoreQueryFilters()
            .SingleAsync(c => c.Id == entry.ClinicId, cancellationToken);
        var request = WaitlistLocks.BookingFor(entry, opening!, zones[clinic.TimeZoneId]);
        var result = await booking.BookAsync(request, cancellationToken);
        if (result is not { Kind: OutcomeKind.Ok, Value.Series: { } series })
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        opening!.Fill(entry.Id, now);
        offer.Accept(now);
        entry.Book(series.Id, now);
        var others = await db
            .WaitlistOffers.IgnoreQueryFilters()
            .Where(o => o.OpeningId == opening.Id && o.Id != offer.Id && o.State == OfferState.Open)
            .ToListAsync(cancellationToken);
        await WaitlistLocks.LoseOpenOffersAsync(db, others, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(offer.Id, OfferStanding.Booked, cancellationToken);
    }

    /// <summary>What an answer finds with nothing to book: its own booking, a lapse, or someone else's.</summary>
    private static OfferStanding? Settled(
        WaitlistOffer offer,
        ChairOpening opening,
        WaitlistEntry entry,
        Instant now
    ) =>
        offer.State == OfferState.Accepted ? OfferStanding.Booked
        : offer.State == OfferState.Taken || opening.State != OpeningState.Open ? OfferStanding.Taken
        : !offer.IsOpenAt(now) || entry.State != WaitlistState.Offered ? OfferStanding.Expired
        : null;

    private async Task<OfferView?> ViewAsync(Guid offerId, OfferStanding? standing, CancellationToken cancellationToken)
    {
        var row = await (
            from offer in db.WaitlistOffers.IgnoreQueryFilters()
            join opening in db.ChairOpenings.IgnoreQueryFilters() on offer.OpeningId equals opening.Id
            join clinic in db.Clinics.IgnoreQueryFilters() on opening.ClinicId equals clinic.Id
            where offer.Id == offerId
            select new
            {
                offer,
                opening,
                clinic,
            }
        )
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var start = row.opening.Start.InZone(zones[row.clinic.TimeZoneId]).LocalDateTime;
        var current =
            row.offer.State == OfferState.Accepted ? OfferStanding.Booked
            : row.offer.State == OfferState.Taken || row.opening.State != OpeningState.Open ? OfferStanding.Taken
            : row.offer.IsOpenAt(now) ? OfferStanding.Open
            : OfferStanding.Expired;
        return new OfferView(standing ?? current, row.clinic.NameInMessages, start);
    }
}
