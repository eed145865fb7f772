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
    public async Task<Outcome<SurveyDetailView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db
            .Surveys.AsNoTracking()
            .Include(s => s.Answers)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return Outcome<SurveyDetailView>.NotFound($"There is no survey {id}.");
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
                    ? new AnswerView(
                        a.Item,
                        item.Number,
                        item.Text,
                        a.Value,
                        item.Options.FirstOrDefault(o => o.Value == a.Value)?.Label
                    )
                    : new AnswerView(a.Item, null, null, a.Value, null)
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
                    .Flags.Select(f => f.ToString())
                    .ToList();
        return new SurveyDetailView(
            survey.Id,
            survey.PatientId,
            survey.Instrument.ToString(),
            definition.Name,
            survey.InstrumentVersion,
            survey.Occasion.ToString(),
            survey.State.ToString(),
            survey.TotalScore,
            survey.Band,
            survey.CompletedAt is { } done ? Wire.Format(done) : null,
            flags,
            answers
        );
    }
}

/// <summary>
/// `flags` are what the answers raised: SelfHarmRisk, SevereSideEffect, NurseCallBack, DroveAfterSession.
/// </summary>
public sealed record SurveyDetailView(
    Guid Id,
    Guid PatientId,
    string Instrument,
    string InstrumentName,
    string InstrumentVersion,
    string Occasion,
    string State,
    int? Score,
    string? Band,
    string? CompletedAt,
    IReadOnlyList<string> Flags,
    IReadOnlyList<AnswerView> Answers
);

/// <summary>
/// `item` is the answer key ("1".."20", "difficulty", "mood"…); `text` and `label` are the form's wording.
/// </summary>
public sealed record AnswerView(string Item, int? Number, string? Text, int Value, string? Label);
