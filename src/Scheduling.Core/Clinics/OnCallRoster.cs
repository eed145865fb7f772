using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Clinics;

/// <summary>
/// Who a clinic pages with safety alerts. Pages already planned name their contact, so a removed contact
/// stays as a row marked removed: it gets no new alerts, and pages in flight still reach it. A clinic always
/// keeps someone on call with a phone: the last such contact is replaced (add, then remove), never removed.
/// </summary>
public sealed class OnCallRoster(SchedulingDbContext db, IClock clock, AuditLog audit)
{
    public async Task<Outcome<OnCallContact>> AddAsync(
        Guid clinicId,
        OnCallDetails details,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(details);
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<OnCallContact>.NotFound($"There is no clinic {clinicId}.");
        }

        var contact = details.ToContact(clinicId, 0);
        contact.Position =
            1
                + await db.Set<OnCallContact>()
                    .Where(c => c.ClinicId == clinicId)
                    .MaxAsync(c => (int?)c.Position, cancellationToken)
            ?? 0;
        db.Set<OnCallContact>().Add(contact);
        audit.Record("on-call-added", nameof(Clinic), clinicId, details: new { contact = contact.Id });
        await db.SaveChangesAsync(cancellationToken);
        return contact;
    }

    /// <summary>
    /// Pages not yet sent go to the new details: a corrected number is the one an alert should reach.
    /// </summary>
    public async Task<Outcome<OnCallContact>> EditAsync(
        Guid clinicId,
        Guid contactId,
        OnCallDetails edited,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(edited);
        var contact = await db.Set<OnCallContact>()
            .SingleOrDefaultAsync(
                c => c.Id == contactId && c.ClinicId == clinicId && c.RemovedAt == null,
                cancellationToken
            );
        if (contact is null)
        {
            return Outcome<OnCallContact>.NotFound($"The clinic {clinicId} has no on-call contact {contactId}.");
        }

        (contact.Name, contact.Email, contact.Phone) = (edited.Name, edited.Email, edited.Phone);
        audit.Record("on-call-changed", nameof(Clinic), clinicId, details: new { contact = contact.Id });
        await db.SaveChangesAsync(cancellationToken);
        return contact;
    }

    public async Task<Outcome<OnCallRemoval>> RemoveAsync(
        Guid clinicId,
        Guid contactId,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockClinicAsync(clinicId, cancellationToken);
        var contacts = await db.Set<OnCallContact>()
            .Where(c => c.ClinicId == clinicId && c.RemovedAt == null)
            .ToListAsync(cancellationToken);
        if (contacts.SingleOrDefault(c => c.Id == contactId) is not { } contact)
        {
            return Outcome<OnCallRemoval>.NotFound($"The clinic {clinicId} has no on-call contact {contactId}.");
        }

        if (contacts.Count == 1)
        {
            return Outcome<OnCallRemoval>.Conflict(
                $"{contact.Name} is the clinic's only on-call contact, "
                    + "and a safety alert must always reach someone: add who takes over first."
            );
        }

        if (!contacts.Any(c => c.Id != contactId && !string.IsNullOrWhiteSpace(c.Phone)))
        {
            return Outcome<OnCallRemoval>.Conflict(
                $"{contact.Name} is the clinic's last on-call contact with a phone, "
                    + "and safety alerts are paged by SMS: "
                    + "add who takes over first.",
                new Dictionary<string, string[]>
                {
                    [ClinicDefinition.OnCallField] = ["At least one on-call contact with a mobile phone."],
                }
            );
        }

        contact.RemovedAt = clock.GetCurrentInstant();
        audit.Record("on-call-removed", nameof(Clinic), clinicId, details: new { contact = contact.Id });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var inFlight = await db.Messages.CountAsync(
            m => m.OnCallContactId == contactId && (m.State == MessageState.Planned || m.State == MessageState.Sending),
            cancellationToken
        );
        return new OnCallRemoval(contact.Id, contact.Name, inFlight);
    }
}

/// <summary>`pagesStillPlanned`: pages of alerts already raised that still go to the removed contact.</summary>
public sealed record OnCallRemoval(Guid Id, string Name, int PagesStillPlanned);
