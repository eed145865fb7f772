using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Booking;

/// <summary>
/// The times a patient may move one session to from their own page (docs/patient-self-service.md):
/// in the clinic's hours, with a free chair, no sooner than the clinic's cancel notice from now, and keeping the
/// protocol's spacing with the sessions before and after it. Each time is held to the series planner with the
/// neighbours kept where they are, as a front-desk move of one session is (<see cref="Rescheduling"/>).
/// </summary>
public sealed class SelfServiceTimes(SchedulingDbContext db, IDateTimeZoneProvider zones)
{
    /// <summary>How far ahead times are looked for when the spacing leaves the session free (no neighbours).</summary>
    public const int HorizonDays = 21;

    /// <summary>At most this many times are offered, at most <see cref="PerDay"/> on one day, earliest first.</summary>
    public const int MaxOffers = 8;

    public const int PerDay = 2;

    /// <summary>Offered times are this far apart on the clock (whole and half hours).</summary>
    private const int StepMinutes = 30;

    /// <summary>Two times offered on one day are at least this far apart, so the patient has a real choice.</summary>
    private const long ApartMinutes = 180;

    /// <summary>Every fact a move of this session is held to, read once.</summary>
    public async Task<MoveFrame> FrameAsync(
        Appointment appointment,
        Clinic clinic,
        Guid patientId,
        ProtocolTemplate template,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(clinic);
        var zone = zones[clinic.TimeZoneId];
        var others = appointment.SeriesId is { } seriesId
            ? await db
                .Appointments.AsNoTracking()
                .Where(a => a.SeriesId == seriesId && a.Id != appointment.Id && a.Status != AppointmentStatus.Cancelled)
                .ToListAsync(cancellationToken)
            : [];
        var previous = others.Where(a => a.Number < appointment.Number).MaxBy(a => a.Number);
        var next = others.Where(a => a.Number > appointment.Number).MinBy(a => a.Number);

        var first = (now + clinic.CancelNotice).InZone(zone).Date;
        var last = first.PlusDays(HorizonDays);
        if (previous is not null)
        {
            first = Max(first, previous.LocalStart.Date.PlusDays(template.MinDaysBetween));
            last = Min(last, previous.LocalStart.Date.PlusDays(template.MaxDaysBetween));
        }

        if (next is not null)
        {
            first = Max(first, next.LocalStart.Date.PlusDays(-template.MaxDaysBetween));
            last = Min(last, next.LocalStart.Date.PlusDays(-template.MinDaysBetween));
        }

        var except = new[] { appointment.Id, previous?.Id, next?.Id }.OfType<Guid>().ToList();
        var (chairs, patient) =
            last < first
                ? ([], [])
                : await db.OccupancyAsync(
                    clinic.Id,
                    patientId,
                    first.AtStartOfDayInZone(zone).ToInstant(),
                    last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(),
                    except,
                    cancellationToken
                );
        return new MoveFrame(
            appointment,
            ClinicCalendar.From(clinic, zone),
            Segment(template, previous is null, next is null),
            previous?.LocalStart,
            next?.LocalStart,
            first,
            last,
            now,
            now + clinic.CancelNotice,
            chairs,
            patient
        );
    }

    /// <summary>A short list of times to offer, earliest first.</summary>
    public static IReadOnlyList<LocalDateTime> Offers(MoveFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var offers = new List<LocalDateTime>();
        for (var date = frame.First; date <= frame.Last && offers.Count < MaxOffers; date = date.PlusDays(1))
        {
            var onDay = new List<LocalDateTime>();
            foreach (var start in Starts(frame, date))
            {
                if (onDay.Count == PerDay || offers.Count + onDay.Count == MaxOffers)
                {
                    break;
                }

                var afterLast =
                    onDay.Count == 0 || Period.Between(onDay[^1], start, PeriodUnits.Minutes).Minutes >= ApartMinutes;
                if (afterLast && Check(frame, start) is not null)
                {
                    onDay.Add(start);
                }
            }

            offers.AddRange(onDay);
        }

        return offers;
    }

    /// <summary>
    /// Where the session would go at this start (its chair chosen by the planner), or null when the start breaks a
    /// rule: outside the window, the clinic's hours or a free chair, or the protocol's spacing.
    /// </summary>
    public static PlannedSession? Check(MoveFrame frame, LocalDateTime start)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (start.Date < frame.First || start.Date > frame.Last || start == frame.Appointment.LocalStart)
        {
            return null;
        }

        var starts = frame.Previous is { } previous ? new List<LocalDateTime> { previous } : [];
        var moved = starts.Count + 1;
        starts.Add(start);
        if (frame.Next is { } next)
        {
            starts.Add(next);
        }

        var plan = SeriesPlanner.Plan(
            new SeriesRequest(frame.Template, frame.Calendar, starts[0], frame.Now)
            {
                SessionStarts = starts,
                ChairBookings = frame.Chairs,
                PatientSessions = frame.PatientSessions,
            }
        );
        var broken = plan.Problems.Any(p =>
            p.SessionNumber == moved || (p.SessionNumber == moved + 1 && p.Code == PlanProblemCode.SpacingBroken)
        );
        var placed = plan.Sessions[moved - 1];
        return broken || placed.StartInstant < frame.NoSoonerThan ? null : placed;
    }

    private static IEnumerable<LocalDateTime> Starts(MoveFrame frame, LocalDate date) =>
        frame.Calendar.IsClosedOn(date)
            ? []
            : frame
                .Calendar.OpeningHours.Where(h => h.Day == date.DayOfWeek)
                .OrderBy(h => h.Open)
                .SelectMany(h => Steps(date, h))
                .Where(start => start != frame.Appointment.LocalStart);

    private static IEnumerable<LocalDateTime> Steps(LocalDate date, OpeningRange hours)
    {
        var time = hours.Open;
        while (time < hours.Close)
        {
            yield return date.At(time);
            var later = time.PlusMinutes(StepMinutes);
            if (later <= time)
            {
                yield break;
            }

            time = later;
        }
    }

    /// <summary>The protocol's rules for the stretch of the series around the session: it and its neighbours.</summary>
    private static ProtocolTemplate Segment(ProtocolTemplate template, bool noPrevious, bool noNext) =>
        new()
        {
            Code = template.Code,
            Name = template.Name,
            SessionCount = 1 + (noPrevious ? 0 : 1) + (noNext ? 0 : 1),
            SessionDuration = template.SessionDuration,
            MinDaysBetween = template.MinDaysBetween,
            MaxDaysBetween = template.MaxDaysBetween,
        };

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;
}

/// <summary>
/// What a move of one session from the patient's page is held to: the clinic's calendar, the protocol's spacing
/// for the session and its neighbours (kept where they are), the dates allowed, and who is busy then.
/// </summary>
public sealed record MoveFrame(
    Appointment Appointment,
    ClinicCalendar Calendar,
    ProtocolTemplate Template,
    LocalDateTime? Previous,
    LocalDateTime? Next,
    LocalDate First,
    LocalDate Last,
    Instant Now,
    Instant NoSoonerThan,
    IReadOnlyList<ChairBooking> Chairs,
    IReadOnlyList<PatientSession> PatientSessions
);
