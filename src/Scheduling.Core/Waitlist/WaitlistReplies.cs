using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Messaging.Inbound;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Waitlist;

/// <summary>
/// A YES by SMS that answers a waitlist offer (docs/waitlist.md, "Which YES"): an open offer to that phone takes
/// precedence over the day-before check; a YES to an offer that lapsed or went to someone else in the last day is
/// told so, unless the patient has a session within the day-before check's reach (then the YES is that answer).
/// Anything else is left to <see cref="InboundSmsHandler"/>. Each provider message is handled once.
/// </summary>
public sealed class WaitlistReplies(SchedulingDbContext db, WaitlistAnswers answers, IClock clock)
{
    /// <summary>A YES this long after an offer ended is still read as its late answer.</summary>
    private static readonly Duration LateAnswerWithin = Duration.FromDays(1);

    /// <summary>Within this of a booked session, a YES answers its day-before check.</summary>
    private static readonly Duration DayBeforeReach = Duration.FromHours(36);

    /// <summary>The answer to send, or null when the message is not about an offer (the SMS handler's).</summary>
    public async Task<string?> AnswerAsync(
        string providerId,
        string from,
        string to,
        string body,
        CancellationToken cancellationToken
    )
    {
        if (
            Keywords.Read(body) != InboundIntent.RideAndFastingConfirmed
            || await db.InboundSms.AnyAsync(s => s.ProviderId == providerId, cancellationToken)
        )
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var patients = await db
            .Patients.AsNoTracking()
            .Where(p => p.Phone == from)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var offers = await db
            .WaitlistOffers.AsNoTracking()
            .Where(o =>
                patients.Contains(o.PatientId) && o.Channel == Channel.Sms && o.CreatedAt > now - LateAnswerWithin
            )
            .OrderByDescending(o => o.CreatedAt)
            .ToListAsync(cancellationToken);
        var offer = offers.FirstOrDefault(o => o.IsOpenAt(now)) ?? offers.FirstOrDefault();
        if (offer is null || (!offer.IsOpenAt(now) && await DayBeforeCheckDueAsync(patients, now, cancellationToken)))
        {
            return null;
        }

        db.InboundSms.Add(
            new InboundSms
            {
                ProviderId = providerId,
                From = from,
                To = to,
                Body = body.Length > 1600 ? body[..1600] : body,
                ReceivedAt = now,
                PatientId = offer.PatientId,
                Intent = InboundIntent.RideAndFastingConfirmed,
            }
        );
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // The same message handled at this moment by a retry of the webhook.
            return "";
        }

        db.ChangeTracker.Clear();
        var view = await answers.AcceptAsync(offer.Id, cancellationToken);
        return view is null ? "" : Words(view);
    }

    /// <summary>What the patient is told, with the clinic's name in messages and no word about treatment.</summary>
    public static string Words(OfferView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var when = view.Start.ToString("dddd MMMM d 'at' h:mm tt", CultureInfo.GetCultureInfo("en-US"));
        return view.Standing switch
        {
            OfferStanding.Booked => $"{view.Clinic}: thank you, the visit on {when} is yours. "
                + "Your booking confirmation follows.",
            OfferStanding.Taken => $"{view.Clinic}: sorry, the visit on {when} has already been taken. "
                + "You stay on our waitlist.",
            OfferStanding.Expired => $"{view.Clinic}: sorry, the offer of the visit on {when} has expired.",
            _ => $"{view.Clinic}: the visit on {when} is still free. Reply YES to take it.",
        };
    }

    private Task<bool> DayBeforeCheckDueAsync(List<Guid> patients, Instant now, CancellationToken cancellationToken) =>
        db.Appointments.AnyAsync(
            a =>
                patients.Contains(a.PatientId)
                && a.Status == AppointmentStatus.Booked
                && a.StartInstant > now
                && a.StartInstant < now + DayBeforeReach,
            cancellationToken
        );
}
