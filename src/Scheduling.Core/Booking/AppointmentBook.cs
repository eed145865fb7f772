using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;

namespace Scheduling.Core.Booking;

/// <summary>
/// The front desk's changes to booked sessions and series: list, cancel, ride, status. Every change is audited.
/// </summary>
public sealed class AppointmentBook(
    SchedulingDbContext db,
    SessionChanges changes,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    /// <summary>The states the front desk sets as they happen; cancelling has its own call with a reason.</summary>
    public const string StatusExpected = "Expected Arrived, NoShow or Completed.";

    private const int MaxRangeDays = 62;

    /// <summary>
    /// Sessions starting on the local dates from..to, each clinic's dates in its own zone; one clinic or all of them.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<SessionSnapshot>>> ListAsync(
        AppointmentQuery query,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        var (first, last, clinicId) = (query.From, query.To, query.ClinicId);
        if (last < first || Period.DaysBetween(first, last) > MaxRangeDays)
        {
            return Outcome<IReadOnlyList<SessionSnapshot>>.Invalid(
                "to",
                $"Expected a date on or after from, at most {MaxRangeDays} days later."
            );
        }

        var clinics = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .Where(c => clinicId == null || c.Id == clinicId)
            .ToListAsync(cancellationToken);
        if (clinicId is not null && clinics.Count == 0)
        {
            return Outcome<IReadOnlyList<SessionSnapshot>>.NotFound($"There is no clinic {clinicId}.");
        }

        var sessions = new List<SessionSnapshot>();
        foreach (var clinic in clinics.OrderBy(c => c.Name))
        {
            var zone = zones[clinic.TimeZoneId];
            var start = first.AtStartOfDayInZone(zone).ToInstant();
            var end = last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            var appointments = await db
                .Appointments.AsNoTracking()
                .Where(a => a.ClinicId == clinic.Id && a.StartInstant >= start && a.StartInstant < end)
                .OrderBy(a => a.StartInstant)
                .ThenBy(a => a.ChairId)
                .ToListAsync(cancellationToken);
            sessions.AddRange(appointments.Select(a => SeriesViews.View(a, clinic)));
        }

        await audit.ListedAsync(
            "Appointments",
            clinicId ?? Guid.Empty,
            sessions.Select(s => s.PatientId),
            cancellationToken,
            new { from = LocalDatePattern.Iso.Format(first), to = LocalDatePattern.Iso.Format(last) }
        );
        return sessions;
    }

    public async Task<Outcome<SeriesSnapshot>> GetSeriesAsync(Guid id, CancellationToken cancellationToken)
    {
        var series = await db
            .Series.AsNoTracking()
            .Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesSnapshot>.NotFound($"There is no series {id}.");
        }

        var clinic = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .SingleAsync(c => c.Id == series.ClinicId, cancellationToken);
        await audit.ViewedAsync(nameof(Series), id, series.PatientId, cancellationToken);
        return SeriesViews.View(series, clinic);
    }

    /// <summary>
    /// Cancels every session still to come; sessions already held (arrived, completed, no-show) stay as they were.
    /// </summary>
    public async Task<Outcome<SeriesSnapshot>> CancelSeriesAsync(
        Guid id,
        string? reason,
        CancellationToken cancellationToken
    )
    {
        if (Reason(reason) is not { } given)
        {
            return Outcome<SeriesSnapshot>.Invalid(
                "reason",
                "Say why the series is cancelled (at most 500 characters)."
            );
        }

        var series = await db
            .Series.Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesSnapshot>.NotFound($"There is no series {id}.");
        }

        var now = clock.GetCurrentInstant();
        if (series.Cancel(given, now, out var cancelled) is { } refusal)
        {
            return Outcome<SeriesSnapshot>.Conflict(Refusals.Words(refusal, series.TemplateCode));
        }

        foreach (var appointment in cancelled)
        {
            await changes.CancelledAsync(appointment, cancellationToken);
        }

        audit.Record("cancelled", nameof(Series), series.Id, series.PatientId, new { reasonLength = given.Length });
        await db.SaveChangesAsync(cancellationToken);
        var clinic = await db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .SingleAsync(c => c.Id == series.ClinicId, cancellationToken);
        return SeriesViews.View(series, clinic);
    }

    public Task<Outcome<SessionSnapshot>> CancelAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        Reason(reason) is not { } given
            ? Task.FromResult(
                Outcome<SessionSnapshot>.Invalid("reason", "Say why the session is cancelled (at most 500 characters).")
            )
            : ChangeAsync(
                id,
                "cancelled",
                async (appointment, now) =>
                {
                    if (appointment.Cancel(given, now) is { } refusal)
                    {
                        return Refusals.Words(refusal);
                    }

                    await changes.CancelledAsync(appointment, cancellationToken);
                    return null;
                },
                cancellationToken
            );

    public Task<Outcome<SessionSnapshot>> RideAsync(Guid id, bool confirmed, CancellationToken cancellationToken) =>
        ChangeAsync(
            id,
            confirmed ? "ride-confirmed" : "ride-declined",
            (appointment, now) =>
            {
                appointment.RecordRide(confirmed, now);
                return Task.FromResult<string?>(null);
            },
            cancellationToken
        );

    /// <summary>
    /// Arrived, no-show and completed, as the front desk sees them happen. Cancelling has its own call with a reason.
    /// </summary>
    public Task<Outcome<SessionSnapshot>> SetStatusAsync(
        Guid id,
        AppointmentStatus status,
        CancellationToken cancellationToken
    )
    {
        if (status is not (AppointmentStatus.Arrived or AppointmentStatus.NoShow or AppointmentStatus.Completed))
        {
            return Task.FromResult(Outcome<SessionSnapshot>.Invalid("status", StatusExpected));
        }

        return ChangeAsync(
            id,
            $"status-{status}",
            async (appointment, now) =>
            {
                var refusal = status switch
                {
                    AppointmentStatus.Arrived => appointment.Arrive(now),
                    AppointmentStatus.Completed => appointment.Complete(now),
                    _ => appointment.MarkNoShow(now),
                };
                if (refusal is not null)
                {
                    return Refusals.Words(refusal);
                }

                if (status == AppointmentStatus.NoShow)
                {
                    await changes.NoShowAsync(appointment, now, cancellationToken);
                }

                return null;
            },
            cancellationToken
        );
    }

    /// <summary>
    /// Loads, changes, audits and saves one appointment; a concurrent change to the same row is a conflict.
    /// </summary>
    private async Task<Outcome<SessionSnapshot>> ChangeAsync(
        Guid id,
        string action,
        Func<Appointment, Instant, Task<string?>> change,
        CancellationToken cancellationToken
    )
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (appointment is null)
        {
            return Outcome<SessionSnapshot>.NotFound($"There is no appointment {id}.");
        }

        if (await change(appointment, clock.GetCurrentInstant()) is { } refusal)
        {
            return Outcome<SessionSnapshot>.Conflict(refusal);
        }

        audit.Record(action, nameof(Appointment), appointment.Id, appointment.PatientId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<SessionSnapshot>.Conflict(
                "Someone else changed this session at the same moment. Reload and try again."
            );
        }

        var chair = await db.Chairs.AsNoTracking().SingleAsync(c => c.Id == appointment.ChairId, cancellationToken);
        return SeriesViews.View(appointment, chair.Number);
    }

    private static string? Reason(string? reason) => reason?.Trim() is { Length: > 0 and <= 500 } given ? given : null;
}
