using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Telemetry;
using Scheduling.Core.Templates;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Audit;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Booking;

/// <summary>
/// Booking a whole series in one step: preview writes nothing; booking writes the series, its sessions
/// and their messages in one transaction, and the database's exclusion constraints settle any race
/// for a chair (the loser gets a conflict, never a double booking).
/// </summary>
public sealed class SeriesBooking(
    SchedulingDbContext db,
    TemplateCatalogue templates,
    SessionChanges changes,
    BookingGates gates,
    SurveyPlanner surveys,
    CapForecast caps,
    IDateTimeZoneProvider zones,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    /// <summary>Where every session would land and what would be planned; writes nothing.</summary>
    public async Task<Outcome<BookingPreview>> PreviewAsync(BookingRequest request, CancellationToken cancellationToken)
    {
        var context = await PlanAsync(request, cancellationToken);
        return context.Kind != OutcomeKind.Ok
            ? Forward<BookingPreview, PlanContext>(context)
            : await PreviewAsync(context.Value!, cancellationToken);
    }

    /// <summary>
    /// Books the series as planned, or, when the plan cannot be booked, answers with its preview (the planner
    /// runs once either way). A chair taken by someone else in the meantime is a conflict.
    /// </summary>
    public async Task<Outcome<BookingResult>> BookAsync(BookingRequest request, CancellationToken cancellationToken)
    {
        using var booking = SchedulingTelemetry.Start("series book");
        var planned = await PlanAsync(request, cancellationToken);
        if (planned.Kind != OutcomeKind.Ok)
        {
            return Forward<BookingResult, PlanContext>(planned);
        }

        var (plan, template, patient, clinic) = planned.Value!;
        if (!plan.CanBook)
        {
            return new BookingResult(null, await PreviewAsync(planned.Value!, cancellationToken));
        }

        var rems = await gates.RemsAsync(request.RemsEnrollmentPending, template, patient, cancellationToken);
        if (rems.Kind == OutcomeKind.Conflict)
        {
            return Outcome<BookingResult>.Conflict(rems.Detail!, rems.Errors);
        }

        var withPcl5 = await gates.WithPcl5Async(clinic, template, cancellationToken);
        var series = NewSeries(plan, template, patient, clinic, withPcl5);
        db.Series.Add(series);
        if (rems.Value is { } pending)
        {
            await Tasks.OpenAsync(db, pending, WorkItemCause.NewEvent, clock.GetCurrentInstant(), cancellationToken);
        }

        await changes.BookedAsync(series, template, patient, clinic, cancellationToken);
        audit.Record(
            "booked",
            nameof(Series),
            series.Id,
            patient.Id,
            new { template = template.Code, sessions = series.Appointments.Select(a => a.Id) }
        );
        try
        {
            await db.SaveChangesWithBulkInsertsAsync(BookingRows, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            return Outcome<BookingResult>.Conflict(
                "A chair or the patient was booked by someone else a moment ago. Preview again to see the free times."
            );
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return Outcome<BookingResult>.Conflict(
                "Another booking for this patient was saved at the same moment. Try again."
            );
        }

        return new BookingResult(
            SeriesViews.View(series, clinic, plan.Sessions.SelectMany(s => s.Warnings).ToList()),
            null
        );
    }

    private async Task<BookingPreview> PreviewAsync(PlanContext context, CancellationToken cancellationToken)
    {
        var (plan, template, patient, clinic) = context;
        var sessions = plan.Sessions.Select(s => (s.Number, s.StartInstant, s.EndInstant)).ToList();
        var surveyMessages = await surveys.PreviewAsync(template, sessions, patient, clinic, cancellationToken);
        var reminders = Reminders(context);
        var capped = reminders
            .Where(r => ReminderCaps.Applies(r.Message.Kind, r.Message.Channel))
            .Select(r => new CappedReminder(
                r.Key,
                r.Message.DueAt,
                r.Message.NotAfter,
                r.Message.PlanKey,
                CapStanding.Open
            ));
        var outlook = await caps.WithAsync(patient.Id, [.. capped], cancellationToken);
        return Preview(context, reminders, outlook, surveyMessages);
    }

    /// <summary>
    /// What a booking writes, referenced tables first: as one multi-row statement each (<see cref="BulkInserts"/>).
    /// </summary>
    private static readonly Type[] BookingRows =
    [
        typeof(Series),
        typeof(Appointment),
        typeof(Survey),
        typeof(PlannedMessage),
        typeof(AuditEvent),
    ];

    private async Task<Outcome<PlanContext>> PlanAsync(BookingRequest request, CancellationToken cancellationToken)
    {
        var clinic = await db.ClinicAsync(request.ClinicId, cancellationToken);
        var patient = await db
            .Patients.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == request.PatientId, cancellationToken);
        var template = clinic is null
            ? null
            : await templates.FindAsync(clinic.Id, request.TemplateCode, cancellationToken);
        if (clinic is null || patient is null || template is null)
        {
            return Outcome<PlanContext>.NotFound(
                clinic is null ? $"There is no clinic {request.ClinicId}."
                : patient is null ? $"There is no patient {request.PatientId}."
                : $"There is no template '{request.TemplateCode}' at this clinic."
            );
        }

        var given = request.SessionStarts;
        if (given is not null && given.Count != template.SessionCount)
        {
            return Outcome<PlanContext>.Invalid(
                "sessionStarts",
                $"Give one start per session: {template.SessionCount} for {template.Code}, or none."
            );
        }

        var zone = zones[clinic.TimeZoneId];
        var first = request.FirstSessionStart;
        var from = first.InZoneLeniently(zone).ToInstant();
        var (chairs, patientSessions) = await db.OccupancyAsync(
            clinic.Id,
            patient.Id,
            from,
            from + BookingScope.Span(template),
            [],
            cancellationToken
        );
        var calendar = ClinicCalendar.From(clinic, zone);
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(template, calendar, first, clock.GetCurrentInstant())
            {
                SessionStarts = given,
                ChairBookings = request.FirstChairId is { } only
                    ? [.. chairs, .. OtherChairs(clinic, only, from)]
                    : chairs,
                PatientSessions = patientSessions,
            }
        );

        // Freed chair time offered from the waitlist (docs/waitlist.md): the first session there exactly, or nothing.
        if (request.FirstChairId is { } chair && plan.Sessions is [var opening, ..])
        {
            if (opening.StartInstant != from || opening.ChairId != chair)
            {
                return Outcome<PlanContext>.Conflict("That chair time is no longer free.");
            }
        }

        return new PlanContext(plan, template, patient, clinic);
    }

    /// <summary>Each session's reminders as booking would plan them, keyed for the caps (keys never stored).</summary>
    private List<(int Session, ScheduledMessage Message, Guid Key)> Reminders(PlanContext context)
    {
        var (plan, template, patient, clinic) = context;
        var now = clock.GetCurrentInstant();
        var window = MessagePlanner.WindowFor(patient, clinic, zones);
        return
        [
            .. plan.Sessions.SelectMany(s =>
                ReminderSchedule
                    .ForSession(template, s.StartInstant, window, now)
                    .Select(m => (s.Number, m, Guid.NewGuid()))
            ),
        ];
    }

    private BookingPreview Preview(
        PlanContext context,
        List<(int Session, ScheduledMessage Message, Guid Key)> planned,
        BookingOutlook outlook,
        IReadOnlyList<PreviewMessage> surveyMessages
    )
    {
        var (plan, _, _, clinic) = context;
        var now = clock.GetCurrentInstant();
        var chairNumbers = clinic.Chairs.ToDictionary(c => c.Id, c => c.Number);
        var held = outlook.Held;
        var reminders = planned.Select(x => new PreviewMessage(
            x.Session,
            x.Message.Kind,
            x.Message.Channel,
            x.Message.DueAt,
            held.Contains(x.Key),
            held.Contains(x.Key) ? ReminderCaps.Reason : null
        ));

        // Booking this series can push a reminder of a session already booked over a cap: shown here too.
        var displaced = outlook.Displaced.Select(d => new PreviewMessage(
            null,
            MessageKind.Reminder,
            Channel.Sms,
            d.Capped.DueAt,
            Held: true,
            Reason: ReminderCaps.Reason,
            AppointmentId: d.AppointmentId
        ));
        var confirmation = new[] { Channel.Email, Channel.Sms }.Select(c => new PreviewMessage(
            null,
            MessageKind.BookingConfirmation,
            c,
            now
        ));
        return new BookingPreview(
            plan,
            [.. plan.Sessions.Select(s => new PreviewSession(s, s.ChairId is { } id ? chairNumbers[id] : null))],
            [.. confirmation.Concat(reminders).Concat(surveyMessages).Concat(displaced).OrderBy(m => m.DueAt)]
        );
    }

    private Series NewSeries(SeriesPlan plan, ProtocolTemplate template, Patient patient, Clinic clinic, bool withPcl5)
    {
        var now = clock.GetCurrentInstant();
        var series = new Series
        {
            PatientId = patient.Id,
            ClinicId = clinic.Id,
            TemplateId = template.Id,
            TemplateCode = template.Code,
            CreatedAt = now,
            CreatedBy = actor.Id,
            RelapseWatchMonths = template.RelapseWatchMonths,
            WithPcl5 = withPcl5,
        };
        series.Appointments.AddRange(
            plan.Sessions.Select(s => new Appointment(s.Place(), template.RemsFormDueDays)
            {
                SeriesId = series.Id,
                PatientId = patient.Id,
                ClinicId = clinic.Id,
                Number = s.Number,
                Medication = template.Medication,
                TimeZoneId = clinic.TimeZoneId,
                CreatedAt = now,
            })
        );
        return series;
    }

    /// <summary>Every other chair held for the first minute: the planner can only choose the one asked for.</summary>
    private static IEnumerable<ChairBooking> OtherChairs(Clinic clinic, Guid chair, Instant from) =>
        clinic
            .Chairs.Where(c => c.Id != chair)
            .Select(c => new ChairBooking(c.Id, from, from + Duration.FromMinutes(1)));

    private static Outcome<T> Forward<T, TFailed>(Outcome<TFailed> failed) =>
        failed.Kind switch
        {
            OutcomeKind.Invalid => Outcome<T>.Invalid(failed.Errors),
            OutcomeKind.NotFound => Outcome<T>.NotFound(failed.Detail!),
            _ => Outcome<T>.Conflict(failed.Detail!, failed.Errors),
        };

    private sealed record PlanContext(SeriesPlan Plan, ProtocolTemplate Template, Patient Patient, Clinic Clinic);
}
