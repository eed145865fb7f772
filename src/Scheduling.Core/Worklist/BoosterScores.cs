using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The PHQ-9 results that put a patient on the booster list, as the rule of <see cref="ScoreTrend"/> reads
/// them: from the end of their latest series to the newest, with the dates they were answered. The list
/// shows them beside each entry (the worklist page, and `scores` on GET /api/work-items?list=booster).
/// </summary>
public static class BoosterScores
{
    /// <summary>Without an end-of-series score, the newest few stand in.</summary>
    private const int MostWithoutEnd = 6;

    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<BoosterScore>>> ForAsync(
        SchedulingDbContext db,
        IEnumerable<Guid> patientIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = patientIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<BoosterScore>>();
        }

        var results = await db
            .Surveys.AsNoTracking()
            .Where(s =>
                ids.Contains(s.PatientId)
                && s.Instrument == Instrument.Phq9
                && s.State == SurveyState.Completed
                && s.TotalScore != null
                && s.CompletedAt != null
            )
            .Select(s => new
            {
                s.PatientId,
                CompletedAt = s.CompletedAt!.Value,
                s.Occasion,
                Total = s.TotalScore!.Value,
            })
            .ToListAsync(cancellationToken);
        return results
            .GroupBy(r => r.PatientId)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var ordered = g.OrderBy(r => r.CompletedAt)
                        .Select(r => new BoosterScore(r.CompletedAt, r.Occasion, r.Total))
                        .ToList();
                    var end = ordered.FindLastIndex(r => r.Occasion == SurveyOccasion.EndOfSeries);
                    return (IReadOnlyList<BoosterScore>)(
                        end < 0 ? [.. ordered.TakeLast(MostWithoutEnd)] : ordered[end..]
                    );
                }
            );
    }
}

public sealed record BoosterScore(Instant CompletedAt, SurveyOccasion Occasion, int Total);
