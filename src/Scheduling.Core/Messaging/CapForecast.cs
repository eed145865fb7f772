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
    /// <summary>Which of <paramref name="planned"/> and the patient's stored reminder SMS a cap will hold.</summary>
    public async Task<IReadOnlySet<Guid>> HeldAsync(
        Guid patientId, IReadOnlyList<CappedReminder> planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);

        // What went more than two weeks ago no longer counts against anything still to go, nor decides it.
        var since = clock.GetCurrentInstant() - (ReminderCaps.Week * 2);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.PatientId == patientId && m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
            .Where(m => m.DueAt > since)
            .Select(m => new { m.Id, m.DueAt, m.NotAfter, m.PlanKey, m.State, m.Reason })
            .ToListAsync(cancellationToken);
        var stored = rows
            .Select(r => ReminderCaps.StandingOf(r.State, r.Reason) is { } standing
                ? new CappedReminder(r.Id, r.DueAt, r.NotAfter, r.PlanKey, standing)
                : null)
            .OfType<CappedReminder>();
        return options.Value.ReminderSmsCaps.Held([.. stored, .. planned]);
    }
}
