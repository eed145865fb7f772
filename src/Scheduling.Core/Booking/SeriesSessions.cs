using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;

namespace Scheduling.Core.Booking;

/// <summary>
/// Sessions added to a running open-ended series (POST /api/series/{id}/sessions), how maintenance goes
/// on: placed by the planner after the last session at the template's spacing, at its time of day, with
/// their reminders and follow-ups planned as at booking, in one transaction. The maintenance task of
/// the series closes once it has two sessions to come again.
/// </summary>
public sealed class SeriesSessions(
    SchedulingDbContext db,
    SessionChanges changes,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit
)
{
    public const int MostAtOnce = 12;

    public static readonly string CountExpected = $"Expected a number of sessions from 1 to {MostAtOnce}.";

    /// <summary><paramref name="count"/> sessions (1 to <see cref="MostAtOnce"/>) after the last one.</summary>
    public async Task<Outcome<SeriesSnapshot>> AddAsync(Guid seriesId, int count, CancellationToken cancellationToken)
    {
        if (count is not (>= 1 and <= MostAtOnce))
        {
            return Outcome<SeriesSnapshot>.Invalid("count", CountExpected);
        }

        var series = await db
            .Series.Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesSnapshot>.NotFound($"There is no series {seriesId}.");
        }

        var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId, cancellationToken);
        if (series.AddSessionsRefusal(template.OpenEnded) is { } refusal)
        {
            return Outcome<SeriesSnapshot>.Conflict(Refusals.Words(refusal, template.Code));
        }

        var last = series.LastStanding!;

        var clinic = (await db.ClinicAsync(series.ClinicId, cancellationToken))!;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == series.PatientId, cancellationToken);
        var zone = zones[clinic.TimeZoneId];
        var reach = Duration.FromDays((count * Math.Max(template.MaxDaysBetween, 1)) + 1);
        var (chairs, patientSessions) = await db.OccupancyAsync(
            clinic.Id,
            patient.Id,
            last.StartInstant,
            last.StartInstant + reach,
            [],
            cancellationToken
        );
        var numbers = Enumerable.Range(series.Appointments.Max(a => a.Number) + 1, count).ToList();
        var calendar = ClinicCalendar.From(clinic, zone);
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(template, calendar, last.LocalStart, clock.GetCurrentInstant())
            {
                Continues = new Continuation(numbers, last.Kept(zone)) { FirstKept = false },
                ChairBookings = chairs,
                PatientSessions = patientSessions,
            }
        );
        if (!plan.CanBook)
        {
            return Outcome<SeriesSnapshot>.Conflict(
                "The sessions cannot be added: " + string.Join(" ", plan.Problems.Select(p => p.Message)),
                new Dictionary<string, string[]> { ["count"] = [.. plan.Problems.Select(p => p.Message)] }
            );
        }

        var now = clock.GetCurrentInstant();
        var added = plan
            .Sessions.Select(s => new Appointment(s.Place(), template.RemsFormDueDays)
            {
                SeriesId = series.Id,
                PatientId = patient.Id,
                ClinicId = clinic.Id,
                Number = s.Number,
                Medication = template.Medication,
                TimeZoneId = clinic.TimeZoneId,
                CreatedAt = now,
            })
            .ToList();
        // Added explicitly: a new appointment found in a tracked series' list carries its key already, which
        // change detection would take for a row that exists.
        if (series.AddSessions(added, template.OpenEnded) is { } late)
        {
            return Outcome<SeriesSnapshot>.Conflict(Refusals.Words(late, template.Code));
        }

        db.Appointments.AddRange(added);
        await changes.AddedAsync(series, added, template, patient, clinic, now, cancellationToken);
        audit.Record(
            "sessions-added",
            nameof(Series),
            series.Id,
            patient.Id,
            new { sessions = added.Select(a => a.Id) }
        );
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
            when (exception.IsExclusionViolation(out _) || exception is DbUpdateConcurrencyException)
        {
            return Outcome<SeriesSnapshot>.Conflict(
                "A chair or the patient was booked by someone else a moment ago. Try again to see the free times."
            );
        }

        return SeriesViews.View(series, clinic, [.. plan.Sessions.SelectMany(s => s.Warnings)]) with
        {
            Sessions = [.. added.Select(a => SeriesViews.View(a, clinic))],
        };
    }
}
