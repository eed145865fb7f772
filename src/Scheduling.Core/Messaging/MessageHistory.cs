using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Messaging;

/// <summary>
/// Every message planned for a patient, with its state and why (GET /api/patients/{id}/messages). A planned
/// reminder SMS that the frequency caps will hold back is `held`, with the cap's reason, asked of the same rule
/// (<see cref="CapForecast"/>) as the booking preview, the patient page and the dispatcher.
/// </summary>
public sealed class MessageHistory(SchedulingDbContext db, AuditLog audit, CapForecast caps)
{
    public async Task<Outcome<IReadOnlyList<MessageView>>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<IReadOnlyList<MessageView>>.NotFound($"There is no patient {patientId}.");
        }

        var rows = await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patientId)
            .OrderBy(m => m.DueAt)
            .ThenBy(m => m.Channel)
            .ToListAsync(cancellationToken);
        var held = await caps.HeldAsync(patientId, cancellationToken);
        await audit.ViewedAsync($"{nameof(Patient)}.Messages", patientId, patientId, cancellationToken);
        return rows.Select(m => MessageView.Of(m, m.State == MessageState.Planned && held.Contains(m.Id))).ToList();
    }
}

/// <summary>
/// `dueInstant` is when it is (or was) due to go; `reason` says why it was suppressed or failed, or, when
/// `held`, why a cap will hold it back.
/// </summary>
public sealed record MessageView(
    Guid Id,
    Guid? AppointmentId,
    Guid? SurveyId,
    string Kind,
    string Channel,
    string DueInstant,
    string State,
    string? Reason,
    int Attempts,
    string? LastError,
    string? ProviderId,
    string? SentAt,
    string? DeliveredAt,
    bool Held = false
)
{
    public static MessageView Of(PlannedMessage m, bool held)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(
            m.Id,
            m.AppointmentId,
            m.SurveyId,
            m.Kind.ToString(),
            m.Channel.ToString(),
            Wire.Format(m.DueAt),
            m.State.ToString(),
            held ? ReminderCaps.Reason : m.Reason,
            m.Attempts,
            m.LastError,
            m.ProviderId,
            m.SentAt is { } sent ? Wire.Format(sent) : null,
            m.DeliveredAt is { } delivered ? Wire.Format(delivered) : null,
            held
        );
    }
}
