using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Templates;

/// <summary>
/// A protocol template to add, already read: `ClinicId` makes it that clinic's own (null: every clinic sees it).
/// The catalogue checks what only the store can tell (the clinic exists, the code is free) and dates it.
/// </summary>
public sealed record NewTemplate(
    string Code,
    string Name,
    Guid? ClinicId,
    Medication Medication,
    int SessionCount,
    Duration SessionDuration,
    int MinDaysBetween,
    int MaxDaysBetween,
    int? RemsFormDueDays,
    bool DayBeforeCheck,
    int RelapseWatchMonths,
    bool OffersPcl5,
    IReadOnlyList<ReminderRule> Reminders,
    IReadOnlyList<FollowUpRule> FollowUps
);
