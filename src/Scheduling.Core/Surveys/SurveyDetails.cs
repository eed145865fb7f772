using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Surveys;

/// <summary>
/// One survey with the patient's answers as the form showed them (GET /api/surveys/{id}, clinicians); reading it is
/// audited.
/// </summary>
public sealed class SurveyDetails(SchedulingDbContext db, AuditLog audit)
{
    public async Task<Outcome<AnsweredSurvey>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db
            .Surveys.AsNoTracking()
            .Include(s => s.Answers)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return Outcome<AnsweredSurvey>.NotFound($"There is no survey {id}.");
        }

        await audit.ViewedAsync(nameof(Survey), id, survey.PatientId, cancellationToken);
        var definition = InstrumentCatalog.Get(survey.Instrument);
        var order = definition
            .Items.Concat(definition.ExtraItems)
            .Select((item, index) => (item.Key, index))
            .ToDictionary(x => x.Key, x => x.index, StringComparer.Ordinal);
        var answers = survey
            .Answers.OrderBy(a => order.GetValueOrDefault(a.Item, int.MaxValue))
            .Select(a =>
                definition.FindItem(a.Item) is { } item
                    ? new ShownAnswer(
                        a.Item,
                        item.Number,
                        item.Text,
                        a.Value,
                        item.Options.FirstOrDefault(o => o.Value == a.Value)?.Label
                    )
                    : new ShownAnswer(a.Item, null, null, a.Value, null)
            )
            .ToList();
        var flags =
            survey.Answers.Count == 0
                ? []
                : SurveyScoring
                    .Score(
                        survey.Instrument,
                        survey.Answers.ToDictionary(a => a.Item, a => a.Value, StringComparer.Ordinal)
                    )
                    .Flags;
        return new AnsweredSurvey(survey, definition.Name, flags, answers);
    }
}

/// <summary>
/// A survey with its instrument's name, the flags its answers raised (none before it was answered) and the answers
/// in the form's order and wording.
/// </summary>
public sealed record AnsweredSurvey(
    Survey Survey,
    string InstrumentName,
    IReadOnlyList<SurveyFlag> Flags,
    IReadOnlyList<ShownAnswer> Answers
);

/// <summary>
/// One answer as the form showed it: `Item` is the answer key ("1".."20", "difficulty", "mood"…), `Number`,
/// `Text` and `Label` the form's numbering and wording (null for an item the form no longer has).
/// </summary>
public sealed record ShownAnswer(string Item, int? Number, string? Text, int Value, string? Label);
