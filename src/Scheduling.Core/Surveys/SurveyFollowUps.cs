using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Surveys;

/// <summary>
/// What a completed survey sets off besides alerts, in the caller's transaction: its reminder is no
/// longer needed, a post-session check above the thresholds puts a call on the nurses' list, and a
/// PHQ-9 after a series may put the patient on the front desk's booster list (one open entry per patient).
/// </summary>
public sealed class SurveyFollowUps(SchedulingDbContext db)
{
    public async Task ActOnAsync(
        Survey survey,
        Clinic clinic,
        ScoreResult scored,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(scored);
        await db
            .Messages.Where(m => m.SurveyId == survey.Id && m.State == MessageState.Planned)
            .ExecuteUpdateAsync(
                m =>
                    m.SetProperty(x => x.State, MessageState.Suppressed)
                        .SetProperty(x => x.Reason, "SurveyCompleted")
                        .SetProperty(x => x.UpdatedAt, now),
                cancellationToken
            );

        if (scored.Has(SurveyFlag.NurseCallBack))
        {
            var callBack = new WorkItemOpening(
                clinic.Id,
                survey.PatientId,
                WorkItemKind.NurseCallBack,
                survey.Id,
                NurseDetail(scored)
            );
            await Tasks.OpenAtOnceAsync(db, callBack, now, cancellationToken);
        }

        if (survey.Instrument == Instrument.Phq9 && await BoosterSignalAsync(survey, cancellationToken) is { } signal)
        {
            var detail = signal.ReachedThreshold
                ? $"PHQ-9 of {signal.Trigger.Total} after the series (at or above {ScoreTrend.BoosterScoreAtLeast})."
                : $"PHQ-9 of {signal.Trigger.Total} after the series, "
                    + $"{signal.Trigger.Total - signal.BestPostSeries} above the best since ({signal.BestPostSeries}).";
            var booster = new WorkItemOpening(
                clinic.Id,
                survey.PatientId,
                WorkItemKind.BoosterMayBeDue,
                survey.PatientId,
                detail
            );
            await Tasks.OpenAtOnceAsync(db, booster, now, cancellationToken);
        }
    }

    private static string NurseDetail(ScoreResult scored) =>
        scored.Has(SurveyFlag.SevereSideEffect)
            ? "After-visit check: an after-effect rated severe."
            : "After-visit check: an after-effect rated moderate or worse, "
                + $"or mood {PostSessionCheckForm.NurseCallBackMoodAtMost} or below out of 10.";

    /// <summary>
    /// The patient's PHQ-9 results, this one included, read by the booster rule of <see cref="ScoreTrend"/>.
    /// </summary>
    private async Task<BoosterSignal?> BoosterSignalAsync(Survey survey, CancellationToken cancellationToken)
    {
        var earlier = await db
            .Surveys.AsNoTracking()
            .Where(s =>
                s.PatientId == survey.PatientId
                && s.Instrument == Instrument.Phq9
                && s.State == SurveyState.Completed
                && s.Id != survey.Id
                && s.TotalScore != null
            )
            .Select(s => new TrendPoint(s.CompletedAt!.Value, s.Occasion, s.TotalScore!.Value))
            .ToListAsync(cancellationToken);
        earlier.Add(new TrendPoint(survey.CompletedAt!.Value, survey.Occasion, survey.TotalScore!.Value));
        return ScoreTrend.For(Instrument.Phq9, earlier).Booster;
    }
}
