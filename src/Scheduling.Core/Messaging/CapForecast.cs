using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging;

/// <summary>
/// What the frequency caps will hold back, from the rule the dispatcher applies at send time
/// (<see cref="ReminderCaps"/>) over the patient's reminder SMS of every series: for the booking preview
/// with the new series' reminders added, for the patient page as the rows stand (docs/domain.md, "Time").
/// </summary>
public sealed class CapForecast(SchedulingDbContext db, IOptions<DispatchOptions> options, IClock clock)
{
    /// <summary>Which of the patient's stored reminder SMS still planned a cap will hold.</summary>
    public async Task<IReadOnlySet<Guid>> HeldAsync(Guid patientId, CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(patientId, cancellationToken);
        return options.Value.ReminderSmsCaps.Held(stored.Select(s => s.Capped));
    }

    /// <summary>
    /// With <paramref name="planned"/> booked: which of them a cap will hold, and which of the patient's
    /// reminders already booked it would push over a cap (held with it, going without it).
    /// </summary>
    public async Task<BookingOutlook> WithAsync(
        Guid patientId,
        IReadOnlyList<CappedReminder> planned,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(planned);
        var caps = options.Value.ReminderSmsCaps;
        var stored = await StoredAsync(patientId, cancellationToken);
        var before = caps.Held(stored.Select(s => s.Capped));
        var after = caps.Held([.. stored.Select(s => s.Capped), .. planned]);
        return new BookingOutlook(
            after,
            [.. stored.Where(s => after.Contains(s.Capped.Id) && !before.Contains(s.Capped.Id))]
        );
    }

    private async Task<List<StoredReminder>> StoredAsync(Guid patientId, CancellationToken cancellationToken)
    {
        // What went more than two weeks ago no longer counts against anything still to go, nor decides it.
        var since = clock.GetCurrentInstant() - (ReminderCaps.Week * 2);
        var rows = await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patientId && m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
            .Where(m => m.DueAt > since)
            .Select(m => new
            {
                m.Id,
                m.AppointmentId,
                m.DueAt,
                m.NotAfter,
                m.PlanKey,
                m.State,
                m.Reason,
            })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows.Select(r =>
                    ReminderCaps.StandingOf(r.State, r.Reason) is { } standing
                        ? new StoredReminder(
                            r.AppointmentId,
                            new CappedReminder(r.Id, r.DueAt, r.NotAfter, r.PlanKey, standing)
                        )
                        : null
                )
                .OfType<StoredReminder>(),
        ];
    }
}

/// <summary>A reminder SMS already booked, with the session it is for.</summary>
public sealed record StoredReminder(Guid? AppointmentId, CappedReminder Capped);

/// <summary>
/// <paramref name="Held"/>: the ids a cap will hold once the booking is made;
/// <paramref name="Displaced"/>: reminders already booked that go without it and are held with it.
/// </summary>
public sealed record BookingOutlook(IReadOnlySet<Guid> Held, IReadOnlyList<StoredReminder> Displaced);
