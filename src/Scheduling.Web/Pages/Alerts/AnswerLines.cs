using System.Globalization;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Surveys;

namespace Scheduling.Web.Pages.Alerts;

/// <summary>
/// A kept post of a survey form as the clinician reads it: each question of the form in order with the
/// answer's wording and value, what was left unanswered, and anything sent that is not on the scale, as given.
/// </summary>
public static class AnswerLines
{
    public sealed record Line(string Number, string Question, string Answer, bool OffTheForm);

    public static IReadOnlyList<Line> For(Instrument? instrument, AnswersGiven post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var definition = instrument is { } known ? InstrumentCatalog.Get(known) : null;
        var lines = new List<Line>();
        foreach (var item in definition is null ? [] : definition.Items.Concat(definition.ExtraItems))
        {
            var number = item.Number?.ToString(CultureInfo.InvariantCulture) ?? item.Key;
            if (!post.Answers.TryGetValue(item.Key, out var given))
            {
                lines.Add(new Line(number, item.Text, "not answered", OffTheForm: definition!.Items.Contains(item)));
            }
            else if (
                int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && item.Options.FirstOrDefault(o => o.Value == value) is { } option
            )
            {
                lines.Add(new Line(number, item.Text, $"{option.Label} ({value})", OffTheForm: false));
            }
            else
            {
                lines.Add(new Line(number, item.Text, $"\u201c{given}\u201d, not one of the answers", true));
            }
        }

        var offTheForm = post
            .Answers.Where(a => definition?.FindItem(a.Key) is null)
            .OrderBy(a => a.Key, StringComparer.Ordinal);
        foreach (var (key, given) in offTheForm)
        {
            lines.Add(new Line(key, "not a question of this form", $"\u201c{given}\u201d", OffTheForm: true));
        }

        return lines;
    }
}
