using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Everything a batch of claimed messages refers to, read in a handful of queries (not one per message):
/// patients with their consent ledger, appointments, series, surveys, clinics, on-call contacts, the
/// clinics' own templates, and how many reminder SMS each patient already got this week.
/// </summary>
public sealed class DispatchContext
{
    private DispatchContext() { }

    public IReadOnlyDictionary<Guid, Patient> Patients { get; private init; } = new Dictionary<Guid, Patient>();
    public IReadOnlyDictionary<Guid, Appointment> Appointments { get; private init; } =
        new Dictionary<Guid, Appointment>();
    public IReadOnlyDictionary<Guid, Series> Series { get; private init; } = new Dictionary<Guid, Series>();
    public IReadOnlyDictionary<Guid, Clinic> Clinics { get; private init; } = new Dictionary<Guid, Clinic>();
    public IReadOnlyDictionary<Guid, OnCallContact> OnCall { get; private init; } =
        new Dictionary<Guid, OnCallContact>();
    public IReadOnlyList<MessageWording> Wordings { get; private init; } = [];
    public IReadOnlyDictionary<Guid, Survey> Surveys { get; private init; } = new Dictionary<Guid, Survey>();

    /// <summary>
    /// Each patient's reminder SMS around the batch's own, sent, planned or held, as the frequency caps
    /// (<see cref="ReminderCaps"/>) see them; only for patients with a reminder SMS in the batch.
    /// </summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<CappedReminder>> RecentReminderSms { get; private init; } =
        new Dictionary<Guid, IReadOnlyList<CappedReminder>>();

    public static async Task<DispatchContext> LoadAsync(
        SchedulingDbContext db,
        IReadOnlyList<ClaimedMessage> batch,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var patientIds = batch.Select(m => m.PatientId).OfType<Guid>().Distinct().ToList();
        var appointmentIds = batch.Select(m => m.AppointmentId).OfType<Guid>().Distinct().ToList();
        var seriesIds = batch
            .Where(m => m.Kind == MessageKind.BookingConfirmation)
            .Select(m => m.SubjectId)
            .Distinct()
            .ToList();
        var contactIds = batch.Select(m => m.OnCallContactId).OfType<Guid>().Distinct().ToList();
        var surveyIds = batch.Select(m => m.SurveyId).OfType<Guid>().Distinct().ToList();

        var patients = await db
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .Where(p => patientIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var appointments = await db
            .Appointments.AsNoTracking()
            .Where(a => appointmentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var series = await db
            .Series.AsNoTracking()
            .Include(s => s.Appointments)
            .Where(s => seriesIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var surveys = await db
            .Surveys.AsNoTracking()
            .Where(s => surveyIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var contacts = await db.Set<OnCallContact>()
            .AsNoTracking()
            .Where(c => contactIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var clinicIds = patients
            .Values.Select(p => p.ClinicId)
            .Concat(appointments.Values.Select(a => a.ClinicId))
            .Concat(contacts.Values.Select(c => c.ClinicId))
            .Distinct()
            .ToList();
        var clinics = await db
            .Clinics.AsNoTracking()
            .Where(c => clinicIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var wordings = await db
            .MessageWordings.AsNoTracking()
            .Where(t => t.ClinicId == null || clinicIds.Contains(t.ClinicId.Value))
            .ToListAsync(cancellationToken);
        var recent = await RecentReminderSmsAsync(db, batch, cancellationToken);

        return new DispatchContext
        {
            Patients = patients,
            Appointments = appointments,
            Series = series,
            Clinics = clinics,
            OnCall = contacts,
            Surveys = surveys,
            Wordings = wordings,
            RecentReminderSms = recent,
        };
    }

    /// <summary>
    /// Two weeks back from the earliest reminder SMS in the batch: the reminders that count against it, and
    /// those that decide whether they were themselves held. By due instant, on the (patient, due) index.
    /// </summary>
    private static async Task<Dictionary<Guid, IReadOnlyList<CappedReminder>>> RecentReminderSmsAsync(
        SchedulingDbContext db,
        IReadOnlyList<ClaimedMessage> batch,
        CancellationToken cancellationToken
    )
    {
        var capped = batch.Where(m => m.PatientId is not null && ReminderCaps.Applies(m.Kind, m.Channel)).ToList();
        if (capped.Count == 0)
        {
            return [];
        }

        var patientIds = capped.Select(m => m.PatientId!.Value).Distinct().ToList();
        var since = capped.Min(m => m.DueAt) - (ReminderCaps.Week * 2);
        var until = capped.Max(m => m.DueAt);
        var rows = await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId != null && patientIds.Contains(m.PatientId.Value))
            .Where(m => m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
            .Where(m => m.DueAt > since && m.DueAt <= until)
            .Select(m => new
            {
                PatientId = m.PatientId!.Value,
                m.Id,
                m.DueAt,
                m.NotAfter,
                m.PlanKey,
                m.State,
                m.Reason,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.PatientId, Standing: ReminderCaps.StandingOf(r.State, r.Reason), Row: r))
            .Where(r => r.Standing is not null)
            .GroupBy(r => r.PatientId)
            .ToDictionary(
                g => g.Key,
                g =>
                    (IReadOnlyList<CappedReminder>)
                        [
                            .. g.Select(r => new CappedReminder(
                                r.Row.Id,
                                r.Row.DueAt,
                                r.Row.NotAfter,
                                r.Row.PlanKey,
                                r.Standing!.Value
                            )),
                        ]
            );
    }
}
