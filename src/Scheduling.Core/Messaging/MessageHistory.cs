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
    public async Task<Outcome<IReadOnlyList<PatientMessage>>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<IReadOnlyList<PatientMessage>>.NotFound($"There is no patient {patientId}.");
        }

        var rows = await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patientId)
            .OrderBy(m => m.DueAt)
            .ThenBy(m => m.Channel)
            .ToListAsync(cancellationToken);
        var held = await caps.HeldAsync(patientId, cancellationToken);
        await audit.ViewedAsync($"{nameof(Patient)}.Messages", patientId, patientId, cancellationToken);
        return rows.Select(m => new PatientMessage(m, m.State == MessageState.Planned && held.Contains(m.Id))).ToList();
    }
}

/// <summary>
/// A message of a patient's and whether a frequency cap will hold it back when it is due (only ever for one still
/// planned: a reminder SMS beyond the caps, whose reason is then <see cref="ReminderCaps.Reason"/>).
/// </summary>
public sealed record PatientMessage(PlannedMessage Message, bool Held);
