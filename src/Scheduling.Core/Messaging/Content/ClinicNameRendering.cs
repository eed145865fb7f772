namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// A wording's text rendered with a clinic's name and plain stand-ins for the other values, held to the
/// discretion check: what <see cref="WordingChecks"/> and <see cref="ClinicNameCheck"/> both ask.
/// </summary>
public sealed class ClinicNameRendering(ContentCheck content, WordingRenderer renderer)
{
    /// <summary>
    /// Plain stand-ins for every value a message offers but the clinic's name, so that a wording can be
    /// rendered with a name before any message exists (the real values are dates, times, counts and links).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> StandIns = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["clinic_phone"] = "+12025550100",
        ["first_name"] = "Alex",
        ["date"] = "Monday, December 7",
        ["time"] = "9:00 AM",
        ["sessions"] = "6",
        ["schedule"] = "- Monday, December 7 at 9:00 AM",
        ["preparation"] = "",
        ["link"] = "https://example.invalid/s/link",
        ["expires"] = "Thursday, December 10 at 9:00 AM",
        ["alert_id"] = "00000000-0000-0000-0000-000000000000",
    };

    /// <summary>
    /// The forbidden words of a wording's text rendered with this name; none for a text that does not parse
    /// (refused on its own).
    /// </summary>
    public IReadOnlyList<string> Forbidden(string? text, string name)
    {
        if (string.IsNullOrEmpty(text) || WordingRenderer.SyntaxError(text) is not null)
        {
            return [];
        }

        var values = new Dictionary<string, string>(StandIns, StringComparer.Ordinal) { ["clinic"] = name };
        return content.FindForbidden(renderer.Render(text, values));
    }
}
