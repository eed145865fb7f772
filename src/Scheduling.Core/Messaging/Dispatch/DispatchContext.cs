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
    private DispatchContext()
    {
    }

    public IReadOnlyDictionary<Guid, Patient> Patients { get; private init; } = new Dictionary<Guid, Patient>();
    public IReadOnlyDictionary<Guid, Appointment> Appointments { get; private init; } = new Dictionary<Guid, Appointment>();
    public IReadOnlyDictionary<Guid, Series> Series { get; private init; } = new Dictionary<Guid, Series>();
    public IReadOnlyDictionary<Guid, Clinic> Clinics { get; private init; } = new Dictionary<Guid, Clinic>();
    public IReadOnlyDictionary<Guid, OnCallContact> OnCall { get; private init; } = new Dictionary<Guid, OnCallContact>();
    public IReadOnlyList<MessageTemplate> ClinicTemplates { get; private init; } = [];
    public IReadOnlyDictionary<Guid, Survey> Surveys { get; private init; } = new Dictionary<Guid, Survey>();

    /// <summary>When each patient's reminder SMS of the last 7 days went out, for the frequency caps.</summary>
    public Dictionary<Guid, List<Instant>> RecentReminderSms { get; private init; } = [];

    public static async Task<DispatchContext> LoadAsync(SchedulingDbContext db, IReadOnlyList<ClaimedMessage> batch, Instant now, CancellationToken cancellationToken)
    {
        var patientIds = batch.Select(m => m.PatientId).OfType<Guid>().Distinct().ToList();
        var appointmentIds = batch.Select(m => m.AppointmentId).OfType<Guid>().Distinct().ToList();
        var seriesIds = batch.Where(m => m.Kind == MessageKind.BookingConfirmation).Select(m => m.SubjectId).Distinct().ToList();
        var contactIds = batch.Select(m => m.OnCallContactId).OfType<Guid>().Distinct().ToList();
        var surveyIds = batch.Select(m => m.SurveyId).OfType<Guid>().Distinct().ToList();

        var patients = await db.Patients.AsNoTracking().Include(p => p.Consent).Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var appointments = await db.Appointments.AsNoTracking().Where(a => appointmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var series = await db.Series.AsNoTracking().Include(s => s.Appointments).Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var surveys = await db.Surveys.AsNoTracking().Where(s => surveyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var contacts = await db.Set<OnCallContact>().AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var clinicIds = patients.Values.Select(p => p.ClinicId).Concat(appointments.Values.Select(a => a.ClinicId)).Concat(contacts.Values.Select(c => c.ClinicId)).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var templates = await db.MessageTemplates.AsNoTracking().Where(t => t.ClinicId == null || clinicIds.Contains(t.ClinicId.Value)).ToListAsync(cancellationToken);
        var weekAgo = now - Duration.FromDays(7);
        var recent = await db.Messages.AsNoTracking()
            .Where(m => m.PatientId != null && patientIds.Contains(m.PatientId.Value) && m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
            .Where(m => (m.State == MessageState.Sent || m.State == MessageState.Delivered) && m.SentAt > weekAgo)
            .Select(m => new { PatientId = m.PatientId!.Value, SentAt = m.SentAt!.Value })
            .ToListAsync(cancellationToken);

        return new DispatchContext
        {
            Patients = patients,
            Appointments = appointments,
            Series = series,
            Clinics = clinics,
            OnCall = contacts,
            Surveys = surveys,
            ClinicTemplates = templates,
            RecentReminderSms = recent.GroupBy(r => r.PatientId).ToDictionary(g => g.Key, g => g.Select(r => r.SentAt).ToList()),
        };
    }
}
