using NodaTime;

namespace Scheduling.Domain.Alerts;

/// <summary>
/// One post of a survey form, as the patient sent it: every field, answered or not, in range or not, by
/// item ("1".."9", "mood"), the text exactly as received. Kept with the alert it raised, and with every
/// later post of the same form, so that the clinician who takes the page sees what the patient said.
/// </summary>
public sealed record AnswersGiven(Instant At, IReadOnlyDictionary<string, string> Answers)
{
    /// <summary>
    /// The posts an alert keeps: the first ones and always the latest (a new post replaces the last kept one
    /// once the list is full), so that a link posted over and over cannot grow a row without end.
    /// </summary>
    public const int KeptPerAlert = 50;

    /// <summary>Fields a post may carry and characters kept of each value: a form has 20 items at most.</summary>
    public const int MaxFields = 60;

    public const int MaxValueLength = 100;
}
