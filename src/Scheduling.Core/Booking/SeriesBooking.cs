using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Templates;
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
    MessagePlanner messages,
    SurveyPlanner surveys,
    CapForecast caps,
    IDateTimeZoneProvider zones,
    IClock clock,
    IActor actor,
    AuditLog audit)
{
    public async Task<Outcome<SeriesPreview>> PreviewAsync(SeriesInput? input, CancellationToken cancellationToken)
    {
        var context = await PlanAsync(input, cancellationToken);
        if (context.Kind != OutcomeKind.Ok)
        {
            return Forward<SeriesPreview>(context);
        }

        var (plan, template, patient, clinic) = context.Value!;
        var sessions = plan.Sessions.Select(s => (s.Number, s.StartInstant, s.EndInstant)).ToList();
        var surveyMessages = await surveys.PreviewAsync(template, sessions, patient, clinic, cancellationToken);
        var reminders = Reminders(context.Value!);
        var capped = reminders.Where(r => ReminderCaps.Applies(r.Message.Kind, r.Message.Channel))
            .Select(r => new CappedReminder(
                r.Key, r.Message.DueAt, r.Message.NotAfter, r.Message.PlanKey, CapStanding.Open));
        var outlook = await caps.WithAsync(patient.Id, [.. capped], cancellationToken);
        return Preview(context.Value!, reminders, outlook, surveyMessages);
    }

    public async Task<Outcome<SeriesView>> BookAsync(SeriesInput? input, CancellationToken cancellationToken)
    {
        var planned = await PlanAsync(input, cancellationToken);
        if (planned.Kind != OutcomeKind.Ok)
        {
            return Forward<SeriesView>(planned);
        }

        var (plan, template, patient, clinic) = planned.Value!;
        if (!plan.CanBook)
        {
            return Outcome<SeriesView>.Conflict(
                "The series cannot be booked as asked: " + string.Join(" ", plan.Problems.Select(p => p.Message)),
                plan.Problems.GroupBy(p => p.SessionNumber is { } n ? $"sessions[{n - 1}]" : "sessionStarts")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var rems = await RemsGateAsync(input!, template, patient, cancellationToken);
        if (rems.Kind == OutcomeKind.Conflict)
        {
            return Outcome<SeriesView>.Conflict(rems.Detail!, rems.Errors);
        }

        var withPcl5 = await WithPcl5Async(clinic, template, cancellationToken);
        var series = NewSeries(plan, template, patient, clinic, withPcl5);
        db.Series.Add(series);
        if (rems.Value is { } pending)
        {
            db.WorkItems.Add(pending);
        }

        messages.PlanNewSeries(series, template, patient, clinic);
        await surveys.PlanForSeriesAsync(series, template, patient, clinic, cancellationToken);
        audit.Record("booked", nameof(Series), series.Id, patient.Id, new { template = template.Code, sessions = series.Appointments.Select(a => a.Id) });
        try
        {
            await db.SaveChangesWithBulkInsertsAsync(BookingRows, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            return Outcome<SeriesView>.Conflict("A chair or the patient was booked by someone else a moment ago. Preview again to see the free times.");
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return Outcome<SeriesView>.Conflict(
                "Another booking for this patient was saved at the same moment. Try again.");
        }

        return SeriesViews.View(series, clinic, plan.Sessions.SelectMany(s => s.Warnings).ToList());
    }

    /// <summary>What a booking writes, referenced tables first: as one multi-row statement each (<see cref="BulkInserts"/>).</summary>
    private static readonly Type[] BookingRows = [typeof(Series), typeof(Appointment), typeof(Survey), typeof(PlannedMessage), typeof(AuditEvent)];

    private async Task<Outcome<PlanContext>> PlanAsync(SeriesInput? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (input is null)
        {
            return Outcome<PlanContext>.Invalid("body", "A series is required.");
        }

        problems.Require("patientId", input.PatientId);
        problems.Require("clinicId", input.ClinicId);
        problems.Require("templateCode", input.TemplateCode);
        var first = Wire.LocalDateTime(input.FirstSessionStart, "firstSessionStart", problems);
        var given = input.SessionStarts?.Select((s, i) => Wire.LocalDateTime(s, $"sessionStarts[{i}]", problems)).ToList();
        if (problems.Any)
        {
            return Outcome<PlanContext>.Invalid(problems.ToDictionary());
        }

        var clinic = await db.ClinicAsync(input.ClinicId!.Value, cancellationToken);
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.PatientId, cancellationToken);
        var template = clinic is null ? null : await templates.FindAsync(clinic.Id, input.TemplateCode!, cancellationToken);
        if (clinic is null || patient is null || template is null)
        {
            return Outcome<PlanContext>.NotFound(clinic is null ? $"There is no clinic {input.ClinicId}."
                : patient is null ? $"There is no patient {input.PatientId}."
                : $"There is no template '{input.TemplateCode}' at this clinic.");
        }

        if (given is not null && given.Count != template.SessionCount)
        {
            return Outcome<PlanContext>.Invalid("sessionStarts", $"Give one start per session: {template.SessionCount} for {template.Code}, or none.");
        }

        var zone = zones[clinic.TimeZoneId];
        var from = first!.Value.InZoneLeniently(zone).ToInstant();
        var (chairs, patientSessions) = await db.OccupancyAsync(clinic.Id, patient.Id, from, from + BookingScope.Span(template), [], cancellationToken);
        var plan = SeriesPlanner.Plan(new SeriesRequest(template, ClinicCalendar.From(clinic, zone), first.Value, clock.GetCurrentInstant())
        {
            SessionStarts = given?.Select(s => s!.Value).ToList(),
            ChairBookings = chairs,
            PatientSessions = patientSessions,
        });
        return new PlanContext(plan, template, patient, clinic);
    }

    /// <summary>Each session's reminders as booking would plan them, keyed for the caps (keys never stored).</summary>
    private List<(int Session, ScheduledMessage Message, Guid Key)> Reminders(PlanContext context)
    {
        var (plan, template, patient, clinic) = context;
        var now = clock.GetCurrentInstant();
        var window = MessagePlanner.WindowFor(patient, clinic, zones);
        return [.. plan.Sessions.SelectMany(s => ReminderSchedule.ForSession(template, s.StartInstant, window, now)
            .Select(m => (s.Number, m, Guid.NewGuid())))];
    }

    private SeriesPreview Preview(
        PlanContext context,
        List<(int Session, ScheduledMessage Message, Guid Key)> planned,
        BookingOutlook outlook,
        IReadOnlyList<MessagePreview> surveyMessages)
    {
        var (plan, _, _, clinic) = context;
        var now = clock.GetCurrentInstant();
        var chairNumbers = clinic.Chairs.ToDictionary(c => c.Id, c => c.Number);
        var held = outlook.Held;
        var reminders = planned.Select(x => new MessagePreview(
            x.Session,
            x.Message.Kind.ToString(),
            x.Message.Channel.ToString(),
            Wire.Format(x.Message.DueAt),
            held.Contains(x.Key),
            held.Contains(x.Key) ? ReminderCaps.Reason : null));

        // Booking this series can push a reminder of a session already booked over a cap: shown here too.
        var displaced = outlook.Displaced.Select(d => new MessagePreview(
            null,
            nameof(MessageKind.Reminder),
            nameof(Channel.Sms),
            Wire.Format(d.Capped.DueAt),
            Held: true,
            Reason: ReminderCaps.Reason,
            AppointmentId: d.AppointmentId));
        var confirmation = new[] { Channel.Email, Channel.Sms }.Select(c => new MessagePreview(null, nameof(MessageKind.BookingConfirmation), c.ToString(), Wire.Format(now)));
        return new SeriesPreview(
            plan.Sessions.Select(s => new SessionPreview(
                s.Number,
                Wire.Format(s.Start),
                Wire.Format(s.StartInstant),
                Wire.Format(s.End),
                Wire.Format(s.EndInstant),
                s.ChairId is { } id ? chairNumbers[id] : null,
                s.ChairId,
                s.Adjusted,
                Wire.Format(s.RequestedStart),
                s.Warnings)).ToList(),
            confirmation.Concat(reminders).Concat(surveyMessages).Concat(displaced)
                .OrderBy(m => m.DueInstant, StringComparer.Ordinal).ToList(),
            plan.CanBook,
            plan.Problems.Select(p => new ProblemView(p.SessionNumber, p.Code.ToString(), p.Message)).ToList());
    }

    /// <summary>
    /// Esketamine needs the patient's REMS enrollment on record (docs/domain.md, "What a real clinic's month
    /// adds"): without it a booking is refused, unless the request says it is pending, when a `rems` task
    /// goes with the booking (one open per patient).
    /// </summary>
    private async Task<Outcome<WorkItem?>> RemsGateAsync(
        SeriesInput input, ProtocolTemplate template, Patient patient, CancellationToken cancellationToken)
    {
        if (template.Medication != Medication.EsketamineNasal
            || await db.RemsEnrollments.AnyAsync(e => e.PatientId == patient.Id, cancellationToken))
        {
            return Outcome<WorkItem?>.Ok(null);
        }

        if (input.RemsEnrollmentPending != true)
        {
            return Outcome<WorkItem?>.Conflict(
                $"{template.Code} is esketamine: record the patient's REMS enrollment first "
                    + $"(POST /api/patients/{patient.Id}/rems-enrollment), or book with remsEnrollmentPending: true.",
                new Dictionary<string, string[]>
                {
                    ["remsEnrollmentPending"] = ["The patient's REMS enrollment is not recorded."],
                });
        }

        var open = await db.WorkItems.AnyAsync(
            w => w.Kind == WorkItemKind.RemsEnrollmentPending && w.SubjectId == patient.Id
                && w.State == WorkItemState.Open,
            cancellationToken);
        return Outcome<WorkItem?>.Ok(open ? null : new WorkItem
        {
            ClinicId = patient.ClinicId,
            PatientId = patient.Id,
            Kind = WorkItemKind.RemsEnrollmentPending,
            SubjectId = patient.Id,
            CreatedAt = clock.GetCurrentInstant(),
            State = WorkItemState.Open,
            Detail = $"REMS enrollment pending: {template.Code} was booked before the enrollment was recorded.",
        });
    }

    private Task<bool> WithPcl5Async(Clinic clinic, ProtocolTemplate template, CancellationToken cancellationToken) =>
        template.OffersPcl5
            ? db.ClinicTemplateOptions.AnyAsync(
                o => o.ClinicId == clinic.Id && o.TemplateCode == template.Code && o.Pcl5, cancellationToken)
            : Task.FromResult(false);

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
        series.Appointments.AddRange(plan.Sessions.Select(s => new Appointment
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
        }));
        return series;
    }

    private static Outcome<T> Forward<T>(Outcome<PlanContext> failed) => failed.Kind switch
    {
        OutcomeKind.Invalid => Outcome<T>.Invalid(failed.Errors),
        OutcomeKind.NotFound => Outcome<T>.NotFound(failed.Detail!),
        _ => Outcome<T>.Conflict(failed.Detail!, failed.Errors),
    };

    private sealed record PlanContext(SeriesPlan Plan, ProtocolTemplate Template, Patient Patient, Clinic Clinic);
}
