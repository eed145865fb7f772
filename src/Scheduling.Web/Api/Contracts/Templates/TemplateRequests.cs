using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Templates;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Web.Api.Contracts.Templates;

/// <summary>
/// Reads POST /api/templates (and the Settings page's form, which sends the same) into the catalogue's
/// <see cref="NewTemplate"/>, naming each bad field as the client sent it (`code`, `reminders[2].before`, …).
/// </summary>
public static partial class TemplateRequests
{
    private const int MaxSessions = 60;
    private const int MaxDays = 120;
    private static readonly Duration MaxSessionDuration = Duration.FromHours(12);
    private static readonly Duration MaxOffset = Duration.FromDays(180);

    /// <summary>Read, then added by the catalogue: 201's body, or every bad field at once.</summary>
    public static async Task<Outcome<TemplateView>> CreateAsync(
        TemplateInput? input,
        TemplateCatalogue catalogue,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new Problems();
        return Read(input, problems) is { } command
            ? await catalogue.CreateAsync(command, cancellationToken).ToWire(TemplateView.From)
            : Outcome<TemplateView>.Invalid(problems.ToDictionary());
    }

    public static NewTemplate? Read(TemplateInput? input, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (input is null)
        {
            problems.Add("body", "A template is required.");
            return null;
        }

        var code = ContactDetails.Text(input.Code, "code", 64, problems);
        if (code is not null && !CodeShape().IsMatch(code))
        {
            problems.Add("code", "Use lower-case letters, digits and dashes, such as ketamine-iv-weekly.");
        }

        var name = ContactDetails.Text(input.Name, "name", 200, problems);
        var count = Whole(input.SessionCount, "sessionCount", 1, MaxSessions, problems);
        var duration = Wire.Duration(input.SessionDuration, "sessionDuration", problems);
        if (duration is { } d && (d <= Duration.Zero || d > MaxSessionDuration))
        {
            problems.Add("sessionDuration", "Chair time must be more than zero and at most 12 hours.");
        }

        var min = Whole(input.MinDaysBetween, "minDaysBetween", 0, MaxDays, problems);
        var max = Whole(input.MaxDaysBetween, "maxDaysBetween", 0, MaxDays, problems);
        if (min is not null && max is not null && max < min)
        {
            problems.Add("maxDaysBetween", "Must be at least minDaysBetween.");
        }

        var medication = Medication.Other;
        if (input.Medication is not null && !Enum.TryParse(input.Medication, ignoreCase: true, out medication))
        {
            problems.Add("medication", $"Expected one of {string.Join(", ", Enum.GetNames<Medication>())}.");
        }

        if (input.RemsFormDueDays is < 1 or > 30)
        {
            problems.Add("remsFormDueDays", "Expected a whole number of days from 1 to 30.");
        }

        if (input.RelapseWatchMonths is < 0 or > SeriesFollowUps.MostWatchMonths)
        {
            var most = SeriesFollowUps.MostWatchMonths;
            problems.Add("relapseWatchMonths", $"Expected a whole number of months from 0 to {most}.");
        }

        var reminders = ReadReminders(input.Reminders, problems);
        var followUps = ReadFollowUps(input.FollowUps, count ?? 1, problems);
        return problems.Any
            ? null
            : new NewTemplate(
                code!,
                name!,
                input.ClinicId,
                medication,
                count!.Value,
                duration!.Value,
                min!.Value,
                max!.Value,
                input.RemsFormDueDays,
                input.DayBeforeCheck ?? true,
                input.RelapseWatchMonths ?? 0,
                input.OffersPcl5 ?? false,
                reminders,
                followUps
            );
    }

    private static List<ReminderRule> ReadReminders(IReadOnlyList<ReminderInput?>? reminders, Problems problems)
    {
        var rules = new List<ReminderRule>();
        for (var i = 0; i < (reminders?.Count ?? 0); i++)
        {
            var field = $"reminders[{i}]";
            if (!problems.Require(field, reminders![i]))
            {
                continue;
            }

            var channel = Parse<Channel>(reminders[i]!.Channel, $"{field}.channel", problems);
            var before = Wire.Duration(reminders[i]!.Before, $"{field}.before", problems);
            if (before is { } b && (b <= Duration.Zero || b > MaxOffset))
            {
                problems.Add($"{field}.before", "Expected a positive duration of at most 180 days, such as PT24H.");
            }
            else if (channel is not null && before is not null)
            {
                rules.Add(new ReminderRule(channel.Value, before.Value));
            }
        }

        return rules;
    }

    private static List<FollowUpRule> ReadFollowUps(
        IReadOnlyList<FollowUpInput?>? followUps,
        int sessionCount,
        Problems problems
    )
    {
        var rules = new List<FollowUpRule>();
        for (var i = 0; i < (followUps?.Count ?? 0); i++)
        {
            var field = $"followUps[{i}]";
            if (!problems.Require(field, followUps![i]))
            {
                continue;
            }

            var kind = Parse<FollowUpKind>(followUps[i]!.Kind, $"{field}.kind", problems);
            var after = Wire.Duration(followUps[i]!.After, $"{field}.after", problems);
            if (after is { } a && (a > MaxOffset || a < -MaxOffset))
            {
                problems.Add($"{field}.after", "Expected at most 180 days either side of the session.");
            }

            var sessions = Sessions(followUps[i]!.Sessions, sessionCount, $"{field}.sessions", problems);
            if (kind is not null && after is not null && sessions is not null)
            {
                rules.Add(new FollowUpRule(kind.Value, after.Value, sessions));
            }
        }

        return rules;
    }

    /// <summary>"each", "first", "last", or session numbers within the template, stored as "2,4".</summary>
    private static string? Sessions(JsonElement? sessions, int sessionCount, string field, Problems problems)
    {
        switch (sessions)
        {
            case { ValueKind: JsonValueKind.String } text when text.GetString() is "each" or "first" or "last":
                return text.GetString();
            case { ValueKind: JsonValueKind.Array } array
                when array.GetArrayLength() > 0 && array.EnumerateArray().All(e => IsSessionNumber(e, sessionCount)):
                return string.Join(',', array.EnumerateArray().Select(e => e.GetInt32()).Distinct().Order());
            default:
                problems.Add(
                    field,
                    $"Expected \"each\", \"first\", \"last\" or an array of session numbers from 1 to {sessionCount}."
                );
                return null;
        }
    }

    /// <summary>
    /// A JSON number naming a session; any other JSON type is simply not one (TryGetInt32 throws on them).
    /// </summary>
    private static bool IsSessionNumber(JsonElement element, int sessionCount) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n) && n >= 1 && n <= sessionCount;

    private static int? Whole(int? value, string field, int min, int max, Problems problems)
    {
        if (problems.Require(field, value) && (value < min || value > max))
        {
            problems.Add(field, $"Expected a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    private static T? Parse<T>(string? text, string field, Problems problems)
        where T : struct, Enum
    {
        if (
            problems.Require(field, text)
            && Enum.TryParse<T>(text, ignoreCase: false, out var value)
            && Enum.IsDefined(value)
        )
        {
            return value;
        }

        if (text is not null)
        {
            problems.Add(field, $"Expected one of {string.Join(", ", Enum.GetNames<T>())}.");
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodeShape();
}
