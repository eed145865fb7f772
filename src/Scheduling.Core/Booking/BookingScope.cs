using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Booking;

/// <summary>Reads what the planner needs to know: the clinic's calendar and who is busy around a time.</summary>
internal static class BookingScope
{
    /// <summary>A day either side covers sessions that overlap the edges; Span already covers the search.</summary>
    private static readonly Duration Margin = Duration.FromDays(1);

    private static readonly Duration LongestSession = Duration.FromHours(12);

    /// <summary>
    /// The clinic with every chair, retired ones too (a session on one still shows its number); the planner
    /// leaves retired chairs out through <see cref="ClinicCalendar.From"/>.
    /// </summary>
    public static Task<Clinic?> ClinicAsync(
        this SchedulingDbContext db,
        Guid clinicId,
        CancellationToken cancellationToken
    ) =>
        db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .Include(c => c.OpeningHours)
            .Include(c => c.ClosedDates)
            .SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);

    /// <summary>
    /// Other appointments' chair time and the patient's own sessions between from and to, leaving out some appointments
    /// (the ones being moved).
    /// </summary>
    public static async Task<(
        IReadOnlyList<ChairBooking> Chairs,
        IReadOnlyList<PatientSession> Patient
    )> OccupancyAsync(
        this SchedulingDbContext db,
        Guid clinicId,
        Guid patientId,
        Instant from,
        Instant to,
        IReadOnlyCollection<Guid> except,
        CancellationToken cancellationToken
    )
    {
        from -= Margin;
        to += Margin;

        // The lower bound on the start lets an index skip the clinic's whole history: no session holds a
        // chair for longer than a template allows (12 hours). The clinic's sessions come from an index that
        // holds every column read here (AppointmentConfiguration.BusyIndex), so thousands of sessions cost
        // no visit to the table; the patient's own few come from the patient's index. The patient's sessions
        // at clinics outside the caller's scope still keep the patient from being in two places at once.
        var window = db
            .Appointments.AsNoTracking()
            .IgnoreQueryFilters([SchedulingDbContext.ClinicScopeFilter])
            .Where(a =>
                a.Status != AppointmentStatus.Cancelled
                && a.StartInstant < to
                && a.StartInstant > from - LongestSession
                && a.EndInstant > from
            );
        var busy = await window
            .Where(a => a.ClinicId == clinicId)
            .Select(a => new
            {
                OfClinic = true,
                a.Id,
                a.ChairId,
                a.StartInstant,
                a.EndInstant,
            })
            .Concat(
                window
                    .Where(a => a.PatientId == patientId)
                    .Select(a => new
                    {
                        OfClinic = false,
                        a.Id,
                        a.ChairId,
                        a.StartInstant,
                        a.EndInstant,
                    })
            )
            .ToListAsync(cancellationToken);
        var others = busy.Where(a => !except.Contains(a.Id)).ToList();
        return (
            others
                .Where(a => a.OfClinic)
                .Select(a => new ChairBooking(a.ChairId, a.StartInstant, a.EndInstant))
                .ToList(),
            others.Where(a => !a.OfClinic).Select(a => new PatientSession(a.StartInstant, a.EndInstant)).ToList()
        );
    }

    /// <summary>
    /// A booked session as the planner sees one that stays where it is (the one a continuation follows).
    /// </summary>
    public static PlannedSession Kept(this Appointment appointment, DateTimeZone zone) =>
        new(
            appointment.Number,
            appointment.LocalStart,
            appointment.LocalStart,
            appointment.StartInstant,
            appointment.EndInstant.InZone(zone).LocalDateTime,
            appointment.EndInstant,
            appointment.ChairId,
            []
        );

    /// <summary>How far the planner may reach: the series' whole span at the protocol's widest spacing.</summary>
    public static Duration Span(Domain.Protocols.ProtocolTemplate template) =>
        Duration.FromDays(
            ((template.SessionCount - 1) * Math.Max(template.MaxDaysBetween, 1))
                + SeriesPlanner.FirstSessionSearchDays
                + 1
        );
}
