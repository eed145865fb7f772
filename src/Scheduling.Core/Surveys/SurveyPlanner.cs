using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Surveys;

/// <summary>
/// Turns a template's follow-ups into survey rows and their invitation and reminder messages, in the
/// caller's unit of work, exactly as reminders are planned: at booking, re-timed on a move, suppressed
/// on a cancel or a no-show. Each survey goes by one channel: SMS where the patient consents (the form
/// is made for phones), else email (docs/survey-planning.md).
/// </summary>
public sealed class SurveyPlanner(SchedulingDbContext db, IClock clock, IDateTimeZoneProvider zones)
{
    /// <summary>Plans what is not planned yet: a second call for the same series adds nothing.</summary>
    public async Task PlanForSeriesAsync(
        Series series,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(template);
        var now = clock.GetCurrentInstant();
        var channel = await ChannelForAsync(patient.Id, cancellationToken);
        var window = MessagePlanner.WindowFor(patient, clinic, zones);
        var sessionIds = series.Appointments.Select(a => a.Id).ToList();
        var existing = (
            await db
                .Surveys.AsNoTracking()
                .Where(s => sessionIds.Contains(s.SubjectId))
                .Select(s => new
                {
                    s.SubjectId,
                    s.Instrument,
                    s.Occasion,
                })
                .ToListAsync(cancellationToken)
        ).Select(s => (s.SubjectId, s.Instrument, s.Occasion)).ToHashSet();
        var rules = SeriesFollowUps.Rules(template, series.RelapseWatchMonths, series.WithPcl5);
        foreach (var planned in FollowUpSchedule.ForSeries(rules, Slots(series.Appointments), window, now))
        {
            if (!existing.Contains((planned.AppointmentId, planned.Instrument, planned.Occasion)))
            {
                Add(planned, series.Id, patient.Id, channel, now);
            }
        }
    }

    /// <summary>The survey messages a series would get, for the booking preview; writes nothing.</summary>
    public async Task<IReadOnlyList<PreviewMessage>> PreviewAsync(
        ProtocolTemplate template,
        IReadOnlyList<(int Number, Instant Start, Instant End)> sessions,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (await ChannelForAsync(patient.Id, cancellationToken) is not { } channel)
        {
            return [];
        }

        // Sessions have no ids before booking; a number stands in for each.
        var slots = sessions
            .Select(s => new SessionSlot(new Guid(s.Number, 0, 0, new byte[8]), s.Number, s.Start, s.End))
            .ToList();
        var numbers = slots.ToDictionary(s => s.AppointmentId, s => s.Number);
        var withPcl5 =
            template.OffersPcl5
            && await db.ClinicTemplateOptions.AnyAsync(
                o => o.ClinicId == clinic.Id && o.TemplateCode == template.Code && o.Pcl5,
                cancellationToken
            );
        var rules = SeriesFollowUps.Rules(template, template.RelapseWatchMonths, withPcl5);
        var window = MessagePlanner.WindowFor(patient, clinic, zones);
        return
        [
            .. FollowUpSchedule
                .ForSeries(rules, slots, window, clock.GetCurrentInstant())
                .SelectMany(s =>
                    s.ReminderAt is { } at
                        ? new[] { (s, MessageKind.SurveyInvitation, s.DueAt), (s, MessageKind.SurveyReminder, at) }
                        : [(s, MessageKind.SurveyInvitation, s.DueAt)]
                )
                .Select(x => new PreviewMessage(numbers[x.Item1.AppointmentId], x.Item2, channel, x.Item3)),
        ];
    }

    /// <summary>
    /// After a move: the moved session's surveys not yet sent are re-timed, new ones added, and those no longer wanted
    /// suppressed.
    /// </summary>
    public async Task ReplanAfterMoveAsync(
        Appointment appointment,
        ProtocolTemplate template,
        Patient patient,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var now = clock.GetCurrentInstant();
        var others = appointment.SeriesId is { } seriesId
            ? await db
                .Appointments.AsNoTracking()
                .Where(a => a.SeriesId == seriesId && a.Id != appointment.Id)
                .ToListAsync(cancellationToken)
            : [];
        var taken = appointment.SeriesId is { } id
            ? await db
                .Series.AsNoTracking()
                .Where(s => s.Id == id)
                .Select(s => new { s.RelapseWatchMonths, s.WithPcl5 })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        var rules = SeriesFollowUps.Rules(template, taken?.RelapseWatchMonths ?? 0, taken?.WithPcl5 ?? false);
        var window = MessagePlanner.WindowFor(patient, clinic, zones);
        var wanted = FollowUpSchedule
            .ForSeries(rules, Slots([.. others, appointment]), window, now)
            .Where(s => s.AppointmentId == appointment.Id)
            .ToDictionary(s => (s.Instrument, s.Occasion));
        var existing = await db.Surveys.Where(s => s.AppointmentId == appointment.Id).ToListAsync(cancellationToken);
        var ids = existing.Select(s => s.Id).ToList();
        var messages = await db
            .Messages.Where(m => m.SurveyId != null && ids.Contains(m.SurveyId.Value))
            .ToListAsync(cancellationToken);
        foreach (
            var survey in existing.Where(s =>
                s.State == SurveyState.Planned || s is { State: SurveyState.Suppressed, Reason: Survey.MovedAway }
            )
        )
        {
            var invitation = messages.SingleOrDefault(m =>
                m.SurveyId == survey.Id && m.PlanKey == PlanKey.SurveyInvitation
            );
            var reminder = messages.SingleOrDefault(m =>
                m.SurveyId == survey.Id && m.PlanKey == PlanKey.SurveyReminder
            );
            if (!wanted.Remove((survey.Instrument, survey.Occasion), out var again))
            {
                survey.MoveAway();
                SuppressIfPlanned(invitation, now);
                SuppressIfPlanned(reminder, now);
                continue;
            }

            survey.Replan(again.DueAt, again.ExpiresAt);
            Retime(invitation, again.DueAt, again.InvitationNotAfter, now);
            if (again.ReminderAt is not { } at)
            {
                SuppressIfPlanned(reminder, now);
            }
            else if (reminder is not null)
            {
                Retime(reminder, at, again.InvitationNotAfter, now);
            }
            else if (invitation is not null)
            {
                db.Messages.Add(
                    Message(
                        survey,
                        MessageKind.SurveyReminder,
                        PlanKey.SurveyReminder,
                        invitation.Channel,
                        at,
                        again.InvitationNotAfter,
                        now
                    )
                );
            }
        }

        var channel = await ChannelForAsync(patient.Id, cancellationToken);
        foreach (
            var planned in wanted.Values.Where(w =>
                existing.All(s => (s.Instrument, s.Occasion) != (w.Instrument, w.Occasion))
            )
        )
        {
            Add(planned, appointment.SeriesId, patient.Id, channel, now);
        }
    }

    /// <summary>
    /// After a cancel or a no-show: the session's surveys still open are closed; the message planner suppresses their
    /// messages with the session's others.
    /// </summary>
    public async Task SuppressForAppointmentAsync(
        Appointment appointment,
        string reason,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var open = await db
            .Surveys.Where(s =>
                s.AppointmentId == appointment.Id && (s.State == SurveyState.Planned || s.State == SurveyState.Sent)
            )
            .ToListAsync(cancellationToken);
        open.ForEach(survey => survey.CloseForSession(reason));
    }

    private void Add(ScheduledSurvey planned, Guid? seriesId, Guid patientId, Channel? channel, Instant now)
    {
        var survey = Survey.Plan(
            new SurveyPlan(
                patientId,
                seriesId,
                planned.AppointmentId,
                planned.AppointmentId,
                planned.Instrument,
                InstrumentCatalog.Get(planned.Instrument).VersionId,
                planned.Occasion,
                planned.DueAt,
                planned.ExpiresAt
            ),
            reachable: channel is not null,
            now
        );
        db.Surveys.Add(survey);
        if (channel is not { } by)
        {
            return;
        }

        db.Messages.Add(
            Message(
                survey,
                MessageKind.SurveyInvitation,
                PlanKey.SurveyInvitation,
                by,
                planned.DueAt,
                planned.InvitationNotAfter,
                now
            )
        );
        if (planned.ReminderAt is { } at)
        {
            db.Messages.Add(
                Message(
                    survey,
                    MessageKind.SurveyReminder,
                    PlanKey.SurveyReminder,
                    by,
                    at,
                    planned.InvitationNotAfter,
                    now
                )
            );
        }
    }

    private static PlannedMessage Message(
        Survey survey,
        MessageKind kind,
        PlanKey planKey,
        Channel channel,
        Instant due,
        Instant notAfter,
        Instant now
    ) =>
        new(due, notAfter, now)
        {
            SubjectId = survey.Id,
            PlanKey = planKey,
            Kind = kind,
            Channel = channel,
            PatientId = survey.PatientId,
            AppointmentId = survey.AppointmentId,
            SurveyId = survey.Id,
        };

    private async Task<Channel?> ChannelForAsync(Guid patientId, CancellationToken cancellationToken)
    {
        // A patient has a handful of consent entries: one query for both, not a split query's two.
        var patient = await db
            .Patients.AsNoTracking()
            .AsSingleQuery()
            .Include(p => p.Consent)
            .SingleAsync(p => p.Id == patientId, cancellationToken);
        return patient.CanReceive(Channel.Sms) ? Channel.Sms
            : patient.CanReceive(Channel.Email) ? Channel.Email
            : null;
    }

    private static List<SessionSlot> Slots(IEnumerable<Appointment> appointments) =>
        [.. appointments.Select(a => new SessionSlot(a.Id, a.Number, a.StartInstant, a.EndInstant))];

    /// <summary>A row not yet sent (planned, or suppressed by an earlier move) takes the new time.</summary>
    private static void Retime(PlannedMessage? row, Instant due, Instant notAfter, Instant now)
    {
        if (row is not null && MessageLifecycle.Replan.AllowsFrom(row.State))
        {
            row.Replan(due, notAfter, now);
        }
    }

    private static void SuppressIfPlanned(PlannedMessage? row, Instant now)
    {
        if (row is not null && MessageLifecycle.Hold.AllowsFrom(row.State))
        {
            row.Hold(MessageReason.AppointmentMoved, now);
        }
    }
}
