using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Core.Waitlist;

/// <summary>
/// The offer round (docs/waitlist.md), every minute and after each cancellation: offers that ran out lapse and
/// their entries go back in line; chair time whose start came, or that someone booked, closes; every open chair
/// time with fewer than <see cref="WaitlistOptions.OfferBatch"/> open offers is offered to the next entries it fits,
/// oldest first. Each chair time is handled in its own transaction under its row lock, the one an answer takes.
/// </summary>
public sealed class WaitlistOfferJob(
    SchedulingDbContext db,
    SeriesBooking booking,
    TemplateCatalogue templates,
    IDateTimeZoneProvider zones,
    IClock clock,
    IOptions<WaitlistOptions> options
)
{
    public const string Id = "waitlist:offers";

    /// <summary>At most this many entries are put to the planner for one chair time in one round.</summary>
    private const int CandidatesPerRound = 40;

    /// <summary>Rounds on several workers take turns; an answer needs only the chair time's row lock.</summary>
    private const long RoundLock = 0x5741_4954_4c49_5354;

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Waitlist: lapse old offers, offer freed chair time to the next entries")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Only the chair time with something to do: its start came, an offer ran out, or fewer offers are open than
        // a batch while an entry of its clinic waits that it was not yet offered to.
        var now = clock.GetCurrentInstant();
        var batch = options.Value.OfferBatch;
        var ids = await db
            .ChairOpenings.AsNoTracking()
            .Where(o =>
                o.State == OpeningState.Open
                && (
                    o.Start <= now
                    || db.WaitlistOffers.Any(f =>
                        f.OpeningId == o.Id && f.State == OfferState.Open && f.ExpiresAt <= now
                    )
                    || (
                        db.WaitlistOffers.Count(f => f.OpeningId == o.Id && f.State == OfferState.Open) < batch
                        && db.WaitlistEntries.Any(e =>
                            e.ClinicId == o.ClinicId
                            && e.State == WaitlistState.Waiting
                            && !db.WaitlistOffers.Any(f => f.OpeningId == o.Id && f.EntryId == e.Id)
                        )
                    )
                )
            )
            .OrderBy(o => o.Start)
            .Select(o => o.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await RoundAsync(id, cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task RoundAsync(Guid openingId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RoundLock})", cancellationToken);
        var opening = await WaitlistLocks.LockOpeningAsync(db, openingId, cancellationToken);
        if (opening is not { State: OpeningState.Open })
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var offers = await db.WaitlistOffers.Where(o => o.OpeningId == openingId).ToListAsync(cancellationToken);
        await LapseAsync(offers, now, cancellationToken);
        if (opening.Start <= now)
        {
            opening.Close(OpeningState.Passed, now);
            await WaitlistLocks.LoseOpenOffersAsync(db, offers, now, cancellationToken);
        }
        else if (await WaitlistLocks.ChairTakenAsync(db, opening, cancellationToken))
        {
            opening.Close(OpeningState.Taken, now);
            await WaitlistLocks.LoseOpenOffersAsync(db, offers, now, cancellationToken);
        }
        else
        {
            await OfferAsync(opening, offers, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task LapseAsync(List<WaitlistOffer> offers, Instant now, CancellationToken cancellationToken)
    {
        foreach (var offer in offers.Where(o => o.State == OfferState.Open && o.ExpiresAt <= now))
        {
            offer.Lapse(now);
            var entry = await db.WaitlistEntries.SingleAsync(e => e.Id == offer.EntryId, cancellationToken);
            entry.BackInLine(now);
        }
    }

    private async Task OfferAsync(
        ChairOpening opening,
        List<WaitlistOffer> offers,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var wanted = options.Value.OfferBatch - offers.Count(o => o.State == OfferState.Open);
        if (wanted <= 0)
        {
            return;
        }

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == opening.ClinicId, cancellationToken);
        var zone = zones[clinic.TimeZoneId];
        var offered = offers.Select(o => o.EntryId).ToHashSet();
        var waiting = await db
            .WaitlistEntries.Where(e => e.ClinicId == opening.ClinicId && e.State == WaitlistState.Waiting)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        var tried = 0;
        foreach (var entry in waiting.Where(e => !offered.Contains(e.Id)))
        {
            if (wanted == 0 || tried == CandidatesPerRound)
            {
                break;
            }

            var template = await templates.FindAsync(clinic.Id, entry.TemplateCode, cancellationToken);
            if (template is null || !WaitlistMatch.Fits(entry, opening, template.SessionDuration, zone))
            {
                continue;
            }

            tried++;
            var channel = await ChannelAsync(entry.PatientId, cancellationToken);
            if (channel is null || !await PlannerPlacesAsync(entry, opening, zone, cancellationToken))
            {
                continue;
            }

            Offer(entry, opening, channel.Value, now);
            wanted--;
        }
    }

    /// <summary>SMS, or email without SMS consent; none when the patient can be reached on neither.</summary>
    private async Task<Channel?> ChannelAsync(Guid patientId, CancellationToken cancellationToken)
    {
        var patient = await db
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .SingleAsync(p => p.Id == patientId, cancellationToken);
        return patient.CanReceive(Channel.Sms) ? Channel.Sms
            : patient.CanReceive(Channel.Email) ? Channel.Email
            : null;
    }

    /// <summary>The first session exactly at the freed start in the freed chair; the planner places the rest.</summary>
    private async Task<bool> PlannerPlacesAsync(
        WaitlistEntry entry,
        ChairOpening opening,
        DateTimeZone zone,
        CancellationToken cancellationToken
    )
    {
        var preview = await booking.PreviewAsync(WaitlistLocks.BookingFor(entry, opening, zone), cancellationToken);
        return preview.Kind == OutcomeKind.Ok && preview.Value!.Plan.CanBook;
    }

    private void Offer(WaitlistEntry entry, ChairOpening opening, Channel channel, Instant now)
    {
        var expires = Instant.Min(now + options.Value.Ttl, opening.Start);
        var offer = new WaitlistOffer
        {
            OpeningId = opening.Id,
            EntryId = entry.Id,
            PatientId = entry.PatientId,
            Channel = channel,
            CreatedAt = now,
            ExpiresAt = expires,
        };
        db.WaitlistOffers.Add(offer);
        entry.Offer(now);
        db.Messages.Add(
            new PlannedMessage(now, expires, now)
            {
                SubjectId = offer.Id,
                PlanKey = PlanKey.WaitlistOffer,
                Kind = MessageKind.WaitlistOffer,
                Channel = channel,
                PatientId = entry.PatientId,
                AppointmentId = opening.Id,
            }
        );
    }
}
