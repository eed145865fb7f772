using System.Globalization;
using Scheduling.Domain.Surveys;

namespace Scheduling.Tests.Surveys;

/// <summary>Answer sets for tests, built from the catalog so they follow the forms rather than restate them.</summary>
internal static class SurveyAnswers
{
    /// <summary>
    /// Spreads <paramref name="total"/> over the items, filling flagged items (PHQ-9 item 9) last so a
    /// band test does not raise a safety flag unless the total leaves no other way.
    /// </summary>
    public static Dictionary<string, int> ForTotal(Instrument instrument, int total)
    {
        var definition = InstrumentCatalog.Get(instrument);
        var answers = definition.Items.ToDictionary(i => i.Key, _ => 0, StringComparer.Ordinal);
        var remaining = total;
        foreach (var item in definition.Items.OrderBy(i => i.Flags.Count))
        {
            var value = Math.Min(remaining, item.Options.Max(o => o.Value));
            answers[item.Key] = value;
            remaining -= value;
        }

        return remaining == 0
            ? answers
            : throw new ArgumentOutOfRangeException(nameof(total), total, "More than the form allows.");
    }

    public static Dictionary<string, int> With(this Dictionary<string, int> answers, string item, int value)
    {
        answers[item] = value;
        return answers;
    }

    public static Dictionary<string, int> With(this Dictionary<string, int> answers, int item, int value) =>
        answers.With(item.ToString(CultureInfo.InvariantCulture), value);

    public static Dictionary<string, int> Without(this Dictionary<string, int> answers, string item)
    {
        answers.Remove(item);
        return answers;
    }

    /// <summary>A post-session check with nothing to report: no symptoms, a good mood, did not drive.</summary>
    public static Dictionary<string, int> QuietCheck() =>
        new(StringComparer.Ordinal)
        {
            [PostSessionCheckForm.Nausea] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Vomiting] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Dizziness] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Headache] = PostSessionCheckForm.None,
            [PostSessionCheckForm.FeelingUnreal] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Mood] = 8,
            [PostSessionCheckForm.Drove] = PostSessionCheckForm.No,
        };
}
