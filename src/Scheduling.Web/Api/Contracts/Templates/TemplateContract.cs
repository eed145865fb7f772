using System.Text.Json;
using Scheduling.Domain.Protocols;

namespace Scheduling.Web.Api.Contracts.Templates;

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
)
{
    public static TemplateView From(ProtocolTemplate t) =>
        new(
            t.Id,
            t.Code,
            t.Name,
            t.ClinicId,
            t.BuiltIn,
            t.Medication.ToString(),
            t.SessionCount,
            Wire.Format(t.SessionDuration),
            t.MinDaysBetween,
            t.MaxDaysBetween,
            t.RemsFormDueDays,
            t.DayBeforeCheck,
            // The database keeps no order among a template's rules: they are shown in the order they happen.
            t.Reminders.OrderByDescending(r => r.Before)
                .ThenBy(r => r.Channel)
                .Select(r => new ReminderView(r.Channel.ToString(), Wire.Format(r.Before)))
                .ToList(),
            t.FollowUps.OrderBy(f => f.After)
                .ThenBy(f => f.Kind)
                .ThenBy(f => f.Sessions, StringComparer.Ordinal)
                .Select(f => new FollowUpView(f.Kind.ToString(), Wire.Format(f.After), SessionsView(f.Sessions)))
                .ToList(),
            t.RetiredAt is { } retired ? Wire.Format(retired) : null,
            t.RelapseWatchMonths,
            t.OffersPcl5,
            t.OpenEnded
        );

    private static object SessionsView(string sessions) =>
        sessions is "each" or "first" or "last" ? sessions : sessions.Split(',').Select(int.Parse).ToArray();
}

public sealed record ReminderView(string Channel, string Before);

/// <summary>`Sessions` is "each", "first", "last" or an array of numbers, as it was given.</summary>
public sealed record FollowUpView(string Kind, string After, object Sessions);
