using System.Text.Json;
using Scheduling.Web.Api.Contracts.Templates;

namespace Scheduling.Web.Pages.Settings;

/// <summary>
/// The settings page's form for a new protocol template, read into the same TemplateInput as
/// POST /api/templates: chair time in minutes, one reminder per line ("Sms PT24H") and one follow-up per
/// line ("Phq9 PT4H first", "Gad7 P7D 1,6").
/// </summary>
public sealed class TemplateForm
{
    public Guid? ClinicId { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Medication { get; set; }
    public int? SessionCount { get; set; }
    public int? SessionMinutes { get; set; }
    public int? MinDaysBetween { get; set; }
    public int? MaxDaysBetween { get; set; }
    public int? RemsFormDueDays { get; set; }
    public bool DayBeforeCheck { get; set; } = true;
    public string? Reminders { get; set; }
    public string? FollowUps { get; set; }

    public TemplateInput ToInput() =>
        new(
            Code,
            Name,
            SessionCount,
            SessionMinutes is { } minutes ? $"PT{minutes}M" : null,
            MinDaysBetween,
            MaxDaysBetween,
            Lines(Reminders)
                .Select(parts =>
                    (ReminderInput?)new ReminderInput(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1))
                )
                .ToList(),
            Lines(FollowUps)
                .Select(parts =>
                    (FollowUpInput?)
                        new FollowUpInput(
                            parts.ElementAtOrDefault(0),
                            parts.ElementAtOrDefault(1),
                            Sessions(parts.ElementAtOrDefault(2))
                        )
                )
                .ToList(),
            ClinicId,
            Medication,
            RemsFormDueDays,
            DayBeforeCheck
        );

    private static IEnumerable<string[]> Lines(string? text) =>
        (text ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// "each", "first", "last" as a string, "1,3,6" as an array of numbers; anything else as given, for the use case to
    /// refuse.
    /// </summary>
    private static JsonElement? Sessions(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var numbers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return
            numbers.Length > 0
            && numbers.All(n =>
                int.TryParse(
                    n,
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out _
                )
            )
            ? JsonSerializer.SerializeToElement(
                numbers.Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))
            )
            : JsonSerializer.SerializeToElement(text);
    }
}
