using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Booking;

/// <summary>
/// Moving one session to a time the front desk gives. The time is kept exactly or refused (409), by the
/// same rules as a booking: opening hours, closures, a free chair, the patient's other sessions, and the
/// protocol's spacing to the sessions before and after it in the series.
/// </summary>
public sealed class Rescheduling(
    SchedulingDbContext db,
    TemplateCatalogue templates,
    SessionChanges changes,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    /// <summary>The session moves to <paramref name="start"/>, the clinic's wall-clock time, kept exactly.</summary>
    public async Task<Outcome<SessionSnapshot>> RescheduleAsync(
        Guid id,
        LocalDateTime start,
        CancellationToken cancellationToken
    )
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appointment is null)
        {
            return Outcome<SessionSnapshot>.NotFound($"There is no appointment {id}.");
        }

        if (appointment.MoveRefusal() is { } refused)
        {
            return Outcome<SessionSnapshot>.Conflict(Refusals.Words(refused));
        }

        var clinic = (await db.ClinicAsync(appointment.ClinicId, cancellationToken))!;
        var patient = await db
            .Patients.AsNoTracking()
            .SingleAsync(p => p.Id == appointment.PatientId, cancellationToken);
        var series = appointment.SeriesId is { } seriesId
            ? await db.Series.AsNoTracking().SingleAsync(s => s.Id == seriesId, cancellationToken)
            : null;
        var template = series is null
            ? null
            : await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId, cancellationToken);
        template ??= await templates.FindAsync(clinic.Id, BuiltInTemplates.KetamineBooster, cancellationToken);
        var neighbours = await NeighboursAsync(appointment, cancellationToken);
        var zone = zones[clinic.TimeZoneId];

        var sessions = neighbours.Previous is null ? new List<LocalDateTime>() : [neighbours.Previous.LocalStart];
        var moved = sessions.Count + 1;
        sessions.Add(start);
        if (neighbours.Next is not null)
        {
            sessions.Add(neighbours.Next.LocalStart);
        }

        var from = start.InZoneLeniently(zone).ToInstant();
        var except = new[] { appointment.Id, neighbours.Previous?.Id, neighbours.Next?.Id }.OfType<Guid>().ToList();
        var (chairs, patientSessions) = await db.OccupancyAsync(
            clinic.Id,
            patient.Id,
            from,
            from,
            except,
            cancellationToken
        );
        var check = SeriesPlanner.Plan(
            new SeriesRequest(
                Segment(template!, sessions.Count),
                ClinicCalendar.From(clinic, zone),
                sessions[0],
                clock.GetCurrentInstant()
            )
            {
                SessionStarts = sessions,
                ChairBookings = chairs,
                PatientSessions = patientSessions,
            }
        );

        // Only what the move causes counts: the moved session's own problems, and the next session's spacing.
        var refusals = check
            .Problems.Where(p =>
                p.SessionNumber == moved || (p.SessionNumber == moved + 1 && p.Code == PlanProblemCode.SpacingBroken)
            )
            .ToList();
        if (refusals.Count > 0)
        {
            return Outcome<SessionSnapshot>.Conflict(
                string.Join(" ", refusals.Select(p => p.Message)),
                new Dictionary<string, string[]> { ["start"] = refusals.Select(p => p.Message).ToArray() }
            );
        }

        await PlaceAsync(appointment, check.Sessions[moved - 1], template!, patient, clinic, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
            when (exception.IsExclusionViolation(out _) || exception is DbUpdateConcurrencyException)
        {
            return Outcome<SessionSnapshot>.Conflict(
                "The chair or the session was changed by someone else a moment ago. Reload and try again."
            );
        }

        return SeriesViews.View(appointment, clinic);
    }

    /// <summary>
    /// Puts one booked session where the planner placed it, in the caller's unit of work: the session moves
    /// (<see cref="Appointment.MoveTo"/>: a new revision, confirmations asked again), what follows a move follows
    /// (<see cref="SessionChanges.MovedAsync"/>) and the change is audited. A move of one session and a move of
    /// the rest both end here.
    /// </summary>
    internal async Task PlaceAsync(
        Appointment appointment,
        PlannedSession placed,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        if (appointment.MoveTo(placed.Place(), template.RemsFormDueDays) is { } refusal)
        {
            throw new InvalidOperationException(Refusals.Words(refusal));
        }

        await changes.MovedAsync(appointment, template, patient, clinic, cancellationToken);
        audit.Record(
            "rescheduled",
            nameof(Appointment),
            appointment.Id,
            appointment.PatientId,
            new { revision = appointment.Revision }
        );
    }

    private async Task<(Appointment? Previous, Appointment? Next)> NeighboursAsync(
        Appointment appointment,
        CancellationToken cancellationToken
    )
    {
        if (appointment.SeriesId is null)
        {
            return (null, null);
        }

        var others = await db
            .Appointments.AsNoTracking()
            .Where(a =>
                a.SeriesId == appointment.SeriesId && a.Id != appointment.Id && a.Status != AppointmentStatus.Cancelled
            )
            .ToListAsync(cancellationToken);
        return (
            others.Where(a => a.Number < appointment.Number).MaxBy(a => a.Number),
            others.Where(a => a.Number > appointment.Number).MinBy(a => a.Number)
        );
    }

    /// <summary>The protocol's rules for a stretch of the series: the moved session and its neighbours.</summary>
    private static ProtocolTemplate Segment(ProtocolTemplate template, int sessions) =>
        new()
        {
            Code = template.Code,
            Name = template.Name,
            SessionCount = sessions,
            SessionDuration = template.SessionDuration,
            MinDaysBetween = template.MinDaysBetween,
            MaxDaysBetween = template.MaxDaysBetween,
        };
}
