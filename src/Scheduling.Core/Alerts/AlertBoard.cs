using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Alerts;

/// <summary>
/// Safety alerts for clinicians: listed until someone acknowledges them, and who did is audited; one
/// alert shows every page that went out for it.
/// </summary>
public sealed class AlertBoard(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    /// <summary>The newest alerts first, in one <paramref name="state"/> or (null) all.</summary>
    public async Task<IReadOnlyList<SafetyAlert>> ListAsync(AlertState? state, CancellationToken cancellationToken)
    {
        var alerts = await db
            .Alerts.AsNoTracking()
            .Where(a => state == null || a.State == state)
            .OrderByDescending(a => a.CreatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);

        // The list carries what patients answered, so reading it is audited as the alerts page is.
        audit.Listed("Alerts", Guid.Empty, alerts.Select(a => a.PatientId), new { state = state?.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return alerts;
    }

    /// <summary>The alert with every page sent or planned for it, first pages first.</summary>
    public async Task<Outcome<PagedAlert>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Outcome<PagedAlert>.NotFound($"There is no alert {id}.");
        }

        var pages = await db
            .Messages.AsNoTracking()
            .Where(m => m.AlertId == id && m.OnCallContactId != null)
            .Join(
                db.Set<OnCallContact>(),
                m => m.OnCallContactId,
                c => (Guid?)c.Id,
                (m, c) =>
                    new
                    {
                        m.Id,
                        Contact = c.Name,
                        m.Channel,
                        m.SentAt,
                        m.State,
                        m.Reason,
                        m.CreatedAt,
                    }
            )
            .OrderBy(p => p.CreatedAt)
            .ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
        await audit.ViewedAsync(nameof(SafetyAlert), id, alert.PatientId, cancellationToken);
        return new PagedAlert(
            alert,
            [.. pages.Select(p => new AlertPage(p.Id, p.Contact, p.Channel, p.SentAt, p.State, p.Reason))]
        );
    }

    /// <summary>
    /// Pages still waiting to go are not sent once someone has the alert. The re-paging job writes to the
    /// alert too, so a save that lost to it is tried again on the fresh row; one that lost to another
    /// clinician's acknowledgement is a conflict. <paramref name="note"/> comes already read: trimmed, at most
    /// <see cref="NoteLength"/> characters, null when there is none.
    /// </summary>
    public async Task<Outcome<SafetyAlert>> AcknowledgeAsync(Guid id, string? note, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(note?.Length ?? 0, NoteLength, nameof(note));
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Outcome<SafetyAlert>.NotFound($"There is no alert {id}.");
        }

        audit.Record("acknowledged", nameof(SafetyAlert), alert.Id, alert.PatientId);
        for (var attempt = 1; ; attempt++)
        {
            if (alert.State == AlertState.Acknowledged)
            {
                return Outcome<SafetyAlert>.Conflict("This alert was already acknowledged.");
            }

            alert.State = AlertState.Acknowledged;
            alert.AcknowledgedAt = clock.GetCurrentInstant();
            alert.AcknowledgedBy = actor.Id;
            alert.Note = note;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                await db.Entry(alert).ReloadAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome<SafetyAlert>.Conflict("Someone else acknowledged this alert at the same moment.");
            }
        }

        var unsent = MessageLifecycle.Hold.From.Single();
        await db
            .Messages.Where(m => m.AlertId == id && m.State == unsent)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(m => m.State, MessageLifecycle.Hold.To)
                        .SetProperty(m => m.Reason, MessageReason.AlertAcknowledged.Name)
                        .SetProperty(m => m.UpdatedAt, alert.AcknowledgedAt!.Value),
                cancellationToken
            );
        return alert;
    }

    /// <summary>The longest note an acknowledgement keeps (its column's length).</summary>
    public const int NoteLength = 2000;

    private const int SaveAttempts = 3;
}

/// <summary>An alert and every page sent or planned for it to an on-call contact, first pages first.</summary>
public sealed record PagedAlert(SafetyAlert Alert, IReadOnlyList<AlertPage> Pages);

/// <summary>One page: to whom (the contact's name), how, when sent (null until then), its state and reason.</summary>
public sealed record AlertPage(
    Guid MessageId,
    string Contact,
    Channel Channel,
    Instant? SentAt,
    MessageState State,
    string? Reason
);
