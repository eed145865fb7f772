using System.Globalization;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Demo;

/// <summary>The answers a demo patient gives on the survey page, from the totals in their story.</summary>
public static class DemoAnswers
{
    /// <summary>The story's answers to this survey, or null when the patient leaves it unanswered.</summary>
    public static IReadOnlyDictionary<string, int>? For(DemoStory story, Survey survey)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(survey);
        if (survey.Instrument == Instrument.PostSessionCheck)
        {
            return story.AnswersChecks ? Check() : null;
        }

        if (!story.Scores.TryGetValue((survey.Instrument, survey.Occasion), out var total))
        {
            return null;
        }

        return survey.Instrument switch
        {
            Instrument.Phq9 => Phq9(total, 0),
            Instrument.Gad7 => Items(7, total),
            _ => null,
        };
    }

    /// <summary>A PHQ-9 of this total with item 9 (thoughts of self-harm) answered as given.</summary>
    public static Dictionary<string, int> Phq9(int total, int item9)
    {
        var answers = Items(8, total - item9);
        answers["9"] = item9;
        return answers;
    }

    /// <summary>Items 1 to <paramref name="count"/>, each 0 to 3, adding up to the total (as far as it can).</summary>
    private static Dictionary<string, int> Items(int count, int total)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var item = 1; item <= count; item++)
        {
            var value = Math.Clamp(total, 0, 3);
            answers[item.ToString(CultureInfo.InvariantCulture)] = value;
            total -= value;
        }

        return answers;
    }

    private static Dictionary<string, int> Check() =>
        new(StringComparer.Ordinal)
        {
            [PostSessionCheckForm.Nausea] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Vomiting] = PostSessionCheckForm.None,
            [PostSessionCheckForm.Dizziness] = PostSessionCheckForm.Mild,
            [PostSessionCheckForm.Headache] = PostSessionCheckForm.None,
            [PostSessionCheckForm.FeelingUnreal] = PostSessionCheckForm.Mild,
            [PostSessionCheckForm.Mood] = 7,
            [PostSessionCheckForm.Drove] = PostSessionCheckForm.No,
        };
}
