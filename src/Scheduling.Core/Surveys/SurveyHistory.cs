using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Surveys;

/// <summary>
/// A patient's surveys with their scores (GET /api/patients/{id}/surveys), each completed one read
/// against its instrument's baseline (<see cref="ScoreTrend"/>); reading them is audited.
/// </summary>
public sealed class SurveyHistory(SchedulingDbContext db, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<ScoredSurvey>>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<IReadOnlyList<ScoredSurvey>>.NotFound($"There is no patient {patientId}.");
        }

        var surveys = await db
            .Surveys.AsNoTracking()
            .Where(s => s.PatientId == patientId)
            .OrderBy(s => s.DueAt)
            .ToListAsync(cancellationToken);
        await audit.ViewedAsync($"{nameof(Patient)}.Surveys", patientId, patientId, cancellationToken);
        var trend = Trends(surveys);
        return surveys.Select(s => new ScoredSurvey(s, trend.GetValueOrDefault(s.Id))).ToList();
    }

    /// <summary>Each completed, scored survey's entry in its instrument's trend.</summary>
    private static Dictionary<Guid, TrendEntry> Trends(List<Survey> surveys)
    {
        var entries = new Dictionary<Guid, TrendEntry>();
        var scored = surveys.Where(s =>
            s is { State: SurveyState.Completed, TotalScore: not null, CompletedAt: not null }
            && s.Instrument != Instrument.PostSessionCheck
        );
        foreach (var instrument in scored.GroupBy(s => s.Instrument))
        {
            // Already in time order, so the trend's entries (a stable sort by time) line up with these surveys.
            var ordered = instrument.OrderBy(s => s.CompletedAt).ToList();
            var trend = ScoreTrend.For(
                instrument.Key,
                ordered.Select(s => new TrendPoint(s.CompletedAt!.Value, s.Occasion, s.TotalScore!.Value))
            );
            for (var i = 0; i < ordered.Count; i++)
            {
                entries[ordered[i].Id] = trend.Entries[i];
            }
        }

        return entries;
    }
}

/// <summary>
/// A survey of the patient's and, for a completed, scored PHQ-9, GAD-7 or PCL-5, its entry in its instrument's
/// trend (the change from the latest baseline; response and remission for PHQ-9 after the baseline).
/// </summary>
public sealed record ScoredSurvey(Survey Survey, TrendEntry? Trend);
