using System.Text.Json;

namespace Scheduling.Core.Templates;

/// <summary>
/// POST /api/templates. `sessions` of a follow-up is "each", "first", "last" or an array of session
/// numbers, so it travels as raw JSON and is checked here. `clinicId` (optional) makes the template
/// that clinic's own; without it every clinic sees it. `relapseWatchMonths` (0 to 6): a PHQ-9 every
/// month for that long after the last session; `offersPcl5`: clinics may turn PCL-5 on for it.
/// </summary>
public sealed record TemplateInput(
    string? Code,
    string? Name,
    int? SessionCount,
    string? SessionDuration,
    int? MinDaysBetween,
    int? MaxDaysBetween,
    IReadOnlyList<ReminderInput?>? Reminders,
    IReadOnlyList<FollowUpInput?>? FollowUps,
    Guid? ClinicId = null,
    string? Medication = null,
    int? RemsFormDueDays = null,
    bool? DayBeforeCheck = null,
    int? RelapseWatchMonths = null,
    bool? OffersPcl5 = null
);

public sealed record ReminderInput(string? Channel, string? Before);

public sealed record FollowUpInput(string? Kind, string? After, JsonElement? Sessions);

public sealed record TemplateView(
    Guid Id,
    string Code,
    string Name,
    Guid? ClinicId,
    bool BuiltIn,
    string Medication,
    int SessionCount,
    string SessionDuration,
    int MinDaysBetween,
    int MaxDaysBetween,
    int? RemsFormDueDays,
    bool DayBeforeCheck,
    IReadOnlyList<ReminderView> Reminders,
    IReadOnlyList<FollowUpView> FollowUps,
    string? RetiredAt = null,
    int RelapseWatchMonths = 0,
    bool OffersPcl5 = false,
    bool OpenEnded = false
);

public sealed record ReminderView(string Channel, string Before);

/// <summary>`Sessions` is "each", "first", "last" or an array of numbers, as it was given.</summary>
public sealed record FollowUpView(string Kind, string After, object Sessions);
