using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging;

/// <summary>
/// Sending a failed or unknown message again on the front desk's say-so (POST /api/messages/{id}/retry):
/// it goes back to Planned, due now, with a fresh attempt budget, and the dispatcher's checks before
/// sending (session still stands, consent, deadline, sending window) apply as to any message. An
/// Unknown message may already have reached the patient; the page says so before anyone retries it.
/// </summary>
public sealed class MessageRetry(SchedulingDbContext db, IClock clock, AuditLog audit)
{
    public async Task<Outcome<PlannedMessage>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return Outcome<PlannedMessage>.NotFound($"There is no message {id}.");
        }

        if (!MessageLifecycle.Retry.AllowsFrom(message.State))
        {
            return Outcome<PlannedMessage>.Conflict(
                $"Only a failed or unknown message can be sent again; this one is {message.State}."
            );
        }

        var now = clock.GetCurrentInstant();
        if (message.NotAfter <= now)
        {
            return Outcome<PlannedMessage>.Conflict(
                "This message is past its deadline; it would no longer help the patient."
            );
        }

        message.Retry(now);
        audit.Record("retried", nameof(PlannedMessage), message.Id, message.PatientId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<PlannedMessage>.Conflict(
                "Someone else changed this message at the same moment. Reload and try again."
            );
        }

        return message;
    }
}
