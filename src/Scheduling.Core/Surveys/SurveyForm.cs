using System.Globalization;
using Microsoft.Extensions.Primitives;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Surveys;

/// <summary>
/// A posted survey form read three ways: the answers that are numbers (for scoring), the fields that are
/// not (each a field error), and every field as the patient sent it (kept with a safety alert).
/// </summary>
public sealed record SurveyForm(
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string[]> Unreadable,
    IReadOnlyDictionary<string, string> Given
)
{
    /// <summary>Form fields are named "q_" and the item's key ("q_1", "q_mood").</summary>
    public const string FieldPrefix = "q_";

    private const int MaxKeyLength = 40;

    public static SurveyForm Read(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in fields)
        {
            if (
                !name.StartsWith(FieldPrefix, StringComparison.Ordinal)
                || name.Length > FieldPrefix.Length + MaxKeyLength
            )
            {
                continue;
            }

            var key = name[FieldPrefix.Length..];
            if (given.Count < AnswersGiven.MaxFields && values.Any(v => !string.IsNullOrEmpty(v)))
            {
                var text = string.Join(",", values.ToArray());
                given[key] = text.Length > AnswersGiven.MaxValueLength ? text[..AnswersGiven.MaxValueLength] : text;
            }

            if (
                values.Count == 1
                && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            )
            {
                answers[key] = value;
            }
            else if (values.Any(v => !string.IsNullOrEmpty(v)))
            {
                unreadable[key] = [SurveyScoring.NotAnOption];
            }
        }

        return new SurveyForm(answers, unreadable, given);
    }

    /// <summary>Answers already read as numbers (a caller other than the page); what was given is those.</summary>
    public static SurveyForm FromAnswers(
        IReadOnlyDictionary<string, int> answers,
        IReadOnlyDictionary<string, string[]> unreadable
    )
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(unreadable);
        var given = answers.ToDictionary(
            a => a.Key,
            a => a.Value.ToString(CultureInfo.InvariantCulture),
            StringComparer.Ordinal
        );
        return new SurveyForm(answers, unreadable, given);
    }
}
