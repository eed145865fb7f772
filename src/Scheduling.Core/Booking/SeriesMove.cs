using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Booking;

/// <summary>
/// Moving the rest of a series (POST /api/series/{id}/move): one booked session goes to the time the front
/// desk gives, kept exactly, and every later booked session of the series is placed again by the planner at
/// the protocol's spacing from it. All of them move or none does: a session that cannot be placed is a
/// conflict naming it, and the sessions, their messages and surveys commit in one transaction, each moved
/// session as a single move leaves it (<see cref="Rescheduling.PlaceAsync"/>).
/// </summary>
public sealed class SeriesMove(
    SchedulingDbContext db,
    Rescheduling rescheduling,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    /// <summary>How the audit row writes a moved session's new start (`2026-12-01T09:00`).</summary>
    private static readonly LocalDateTimePattern Minutes = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm"
    );

    public async Task<Outcome<MoveRestResult>> MoveAsync(MoveRestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // A preview reads detached rows, so nothing it changes on them can ever be saved.
        var series = await (command.Preview ? db.Series.AsNoTracking() : db.Series)
            .Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == command.SeriesId, cancellationToken);
        if (series is null)
        {
            return Outcome<MoveRestResult>.NotFound($"There is no series {command.SeriesId}.");
        }

        var moved = series.Appointments.SingleOrDefault(a => a.Id == command.FromAppointmentId);
        if (moved is null)
        {
            return Outcome<MoveRestResult>.Invalid("fromAppointmentId", "Expected a session of this series.");
        }

        if (series.MoveRefusal(moved) is { } refusal)
        {
            return Outcome<MoveRestResult>.Conflict(Refusals.Words(refusal, series.TemplateCode, moved));
        }

        var clinic = (await db.ClinicAsync(series.ClinicId, cancellationToken))!;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == series.PatientId, cancellationToken);
        var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId, cancellationToken);
        var moving = series
            .Appointments.Where(a => a.Number >= moved.Number && a.Status == AppointmentStatus.Booked)
            .OrderBy(a => a.Number)
            .ToList();
        var before = series
            .Appointments.Where(a => a.Number < moved.Number && a.Status != AppointmentStatus.Cancelled)
            .MaxBy(a => a.Number);
        var zone = zones[clinic.TimeZoneId];
        var from = command.Start.InZoneLeniently(zone).ToInstant();
        var reach = Duration.FromDays(((moving.Count - 1) * Math.Max(template.MaxDaysBetween, 1)) + 1);
        var (chairs, patientSessions) = await db.OccupancyAsync(
            clinic.Id,
            patient.Id,
            from,
            from + reach,
            [.. moving.Select(a => a.Id)],
            cancellationToken
        );
        var calendar = ClinicCalendar.From(clinic, zone);
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(template, calendar, command.Start, clock.GetCurrentInstant())
            {
                Continues = new Continuation([.. moving.Select(a => a.Number)], before?.Kept(zone)),
                ChairBookings = chairs,
                PatientSessions = patientSessions,
            }
        );
        if (!plan.CanBook)
        {
            return Refused(plan, moving);
        }

        if (command.Expected is { } expected && !expected.SequenceEqual(plan.Sessions.Select(s => s.Start)))
        {
            return Outcome<MoveRestResult>.Conflict(
                "The free times changed since the preview (someone booked or moved a session). "
                    + "Nothing was moved; preview again."
            );
        }

        var moves = moving
            .Zip(plan.Sessions, (appointment, placed) =>
                new SessionMove(
                    appointment.Id,
                    appointment.Number,
                    appointment.LocalStart,
                    placed.Start,
                    placed.StartInstant,
                    clinic.Chairs.Single(c => c.Id == placed.ChairId).Number,
                    placed.Adjusted,
                    placed.Warnings
                )
            )
            .ToList();
        if (command.Preview)
        {
            var at = moving.Zip(plan.Sessions).ToDictionary(p => p.First.Id, p => p.Second.Place());
            return new MoveRestResult(SeriesViews.View(series, clinic, Warnings(plan), at), moves, Preview: true);
        }

        return await CommitAsync(series, moving, plan, template, patient, clinic, moves, cancellationToken);
    }

    private async Task<Outcome<MoveRestResult>> CommitAsync(
        Series series,
        List<Appointment> moving,
        SeriesPlan plan,
        Domain.Protocols.ProtocolTemplate template,
        Domain.Patients.Patient patient,
        Clinic clinic,
        List<SessionMove> moves,
        CancellationToken cancellationToken
    )
    {
        // The exclusion constraints are checked row by row: a session moving onto the old time of a later one
        // would collide with it half-way. So each session is written on its own, in an order in which none
        // lands on a time another still holds, all in one transaction nobody else sees half-done.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var (appointment, placed) in WriteOrder(moving, plan.Sessions))
            {
                if (appointment.StartInstant != placed.StartInstant)
                {
                    await rescheduling.PlaceAsync(appointment, placed, template, patient, clinic, cancellationToken);
                }
                else if (appointment.SwitchChair(placed.ChairId!.Value) is { } refusal)
                {
                    throw new InvalidOperationException(Refusals.Words(refusal));
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            audit.Record(
                "moved-rest",
                nameof(Series),
                series.Id,
                series.PatientId,
                new
                {
                    from = moving[0].Id,
                    sessions = moves.Select(m => new { appointmentId = m.AppointmentId, start = Minutes.Format(m.To) }),
                }
            );
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
            when (exception.IsExclusionViolation(out _) || exception is DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Outcome<MoveRestResult>.Conflict(
                "A chair, the patient or one of these sessions was booked or changed by someone else a moment ago. "
                    + "Nothing was moved; preview again to see the free times."
            );
        }

        return new MoveRestResult(SeriesViews.View(series, clinic, Warnings(plan)), moves, Preview: false);
    }

    /// <summary>
    /// The conflict names every session that cannot be placed: `start` for the one moved, `appointments[id]` for a
    /// later one.
    /// </summary>
    private static Outcome<MoveRestResult> Refused(SeriesPlan plan, List<Appointment> moving)
    {
        var byNumber = moving.ToDictionary(a => a.Number);
        var errors = plan
            .Problems.GroupBy(p =>
                p.SessionNumber == moving[0].Number || p.SessionNumber is null
                    ? "start"
                    : $"appointments[{byNumber[p.SessionNumber.Value].Id}]"
            )
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        return Outcome<MoveRestResult>.Conflict(
            string.Join(" ", plan.Problems.Select(p => p.Message)) + " Nothing was moved.",
            errors
        );
    }

    /// <summary>
    /// The sessions in an order in which each, written, overlaps no time still held by one written later. The
    /// sessions are one patient's, kept apart and in order both before and after the move, so such an order
    /// always exists: a session can only wait for one that was, or will be, on the same side of it.
    /// </summary>
    private static List<(Appointment Appointment, PlannedSession Placed)> WriteOrder(
        List<Appointment> moving,
        IReadOnlyList<PlannedSession> placed
    )
    {
        var left = moving.Zip(placed).ToList();
        var order = new List<(Appointment, PlannedSession)>();
        while (left.Count > 0)
        {
            var next = left.First(p =>
                left.All(o =>
                    o.First == p.First
                    || !(p.Second.StartInstant < o.First.EndInstant && o.First.StartInstant < p.Second.EndInstant)
                )
            );
            left.Remove(next);
            order.Add(next);
        }

        return order;
    }

    private static List<string> Warnings(SeriesPlan plan) => [.. plan.Sessions.SelectMany(s => s.Warnings)];
}

/// <summary>
/// Move this session to <paramref name="Start"/> (clinic wall-clock time) and the later ones with it; with
/// <paramref name="Preview"/>, write nothing. <paramref name="Expected"/>, when given, is where a preview put
/// each session: a confirmation that would now place them elsewhere is refused, so what moves is what was seen.
/// </summary>
public sealed record MoveRestCommand(
    Guid SeriesId,
    Guid FromAppointmentId,
    LocalDateTime Start,
    bool Preview,
    IReadOnlyList<LocalDateTime>? Expected = null
);

/// <summary>
/// The series as it stands after the move (or would, for a preview), with `warnings` from the planner, and
/// each session that moves: where it was, where it goes, whether the planner had to adjust its asked time.
/// </summary>
public sealed record MoveRestResult(SeriesSnapshot Series, IReadOnlyList<SessionMove> Moves, bool Preview);

public sealed record SessionMove(
    Guid AppointmentId,
    int Number,
    LocalDateTime From,
    LocalDateTime To,
    Instant ToInstant,
    int Chair,
    bool Adjusted,
    IReadOnlyList<string> Warnings
);
