using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Booking;

/// <summary>
/// Sessions added to a running open-ended series (POST /api/series/{id}/sessions), how maintenance goes
/// on: placed by the planner after the last session at the template's spacing, at its time of day, with
/// their reminders and follow-ups planned as at booking, in one transaction. The maintenance task of
/// the series closes once it has two sessions to come again.
/// </summary>
public sealed class SeriesSessions(
    SchedulingDbContext db,
    MessagePlanner messages,
    SurveyPlanner surveys,
    IDateTimeZoneProvider zones,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    public const int MostAtOnce = 12;

    public Task<Outcome<SeriesView>> AddAsync(
        Guid seriesId,
        AddSessionsInput? input,
        CancellationToken cancellationToken
    ) =>
        input?.Count is not (>= 1 and <= MostAtOnce)
            ? Task.FromResult(
                Outcome<SeriesView>.Invalid("count", $"Expected a number of sessions from 1 to {MostAtOnce}.")
            )
            : AddAsync(seriesId, input!.Count!.Value, cancellationToken);

    public async Task<Outcome<SeriesView>> AddAsync(Guid seriesId, int count, CancellationToken cancellationToken)
    {
        var series = await db
            .Series.Include(s => s.Appointments)
            .SingleOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null)
        {
            return Outcome<SeriesView>.NotFound($"There is no series {seriesId}.");
        }

        var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId, cancellationToken);
        var last = series.Appointments.Where(a => a.Status != AppointmentStatus.Cancelled).MaxBy(a => a.Number);
        if (series.State != SeriesState.Active || !template.OpenEnded || last is null)
        {
            return Outcome<SeriesView>.Conflict(
                series.State != SeriesState.Active ? $"This series is {series.State}."
                : !template.OpenEnded ? $"{template.Code} has a fixed number of sessions; book a new series instead."
                : "This series has no session to continue from; book a new series instead."
            );
        }

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
            return Outcome<SeriesView>.Conflict(
                "The sessions cannot be added: " + string.Join(" ", plan.Problems.Select(p => p.Message)),
                new Dictionary<string, string[]> { ["count"] = [.. plan.Problems.Select(p => p.Message)] }
            );
        }

        var now = clock.GetCurrentInstant();
        var added = plan
            .Sessions.Select(s => new Appointment
            {
                SeriesId = series.Id,
                PatientId = patient.Id,
                ClinicId = clinic.Id,
                ChairId = s.ChairId!.Value,
                Number = s.Number,
                Medication = template.Medication,
                LocalStart = s.Start,
                TimeZoneId = clinic.TimeZoneId,
                StartInstant = s.StartInstant,
                EndInstant = s.EndInstant,
                RemsFormDue = template.RemsFormDueDays is { } days ? s.Start.Date.PlusDays(days) : null,
                CreatedAt = now,
            })
            .ToList();
        // Added explicitly: a new appointment found in a tracked series' list carries its key already, which
        // change detection would take for a row that exists.
        series.Appointments.AddRange(added);
        db.Appointments.AddRange(added);
        messages.PlanAddedSessions(added, template, patient, clinic);
        await surveys.PlanForSeriesAsync(series, template, patient, clinic, cancellationToken);
        await CloseMaintenanceTaskAsync(series, now, cancellationToken);
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
            return Outcome<SeriesView>.Conflict(
                "A chair or the patient was booked by someone else a moment ago. Try again to see the free times."
            );
        }

        return SeriesViews.View(series, clinic, [.. plan.Sessions.SelectMany(s => s.Warnings)]) with
        {
            Sessions = [.. added.Select(a => SeriesViews.View(a, clinic))],
        };
    }

    /// <summary>The task on the maintenance list is done once the series again has two sessions to come.</summary>
    private async Task CloseMaintenanceTaskAsync(Series series, Instant now, CancellationToken cancellationToken)
    {
        var toCome = series.Appointments.Count(a => a.Status == AppointmentStatus.Booked && a.StartInstant > now);
        if (toCome < MaintenanceJob.SessionsLeft)
        {
            return;
        }

        var open = await db
            .WorkItems.Where(w =>
                w.Kind == WorkItemKind.MaintenanceRunningOut
                && w.SubjectId == series.Id
                && w.State == WorkItemState.Open
            )
            .ToListAsync(cancellationToken);
        open.ForEach(item => item.Resolve(now, actor.Id));
    }
}

/// <summary>POST /api/series/{id}/sessions: how many sessions to add after the last one (1 to 12).</summary>
public sealed record AddSessionsInput(int? Count);
