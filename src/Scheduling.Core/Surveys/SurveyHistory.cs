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
    public async Task<Outcome<IReadOnlyList<SurveyView>>> ForPatientAsync(
        Guid patientId,
        CancellationToken cancellationToken
    )
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<IReadOnlyList<SurveyView>>.NotFound($"There is no patient {patientId}.");
        }

        var surveys = await db
            .Surveys.AsNoTracking()
            .Where(s => s.PatientId == patientId)
            .OrderBy(s => s.DueAt)
            .ToListAsync(cancellationToken);
        await audit.ViewedAsync($"{nameof(Patient)}.Surveys", patientId, patientId, cancellationToken);
        var trend = Trends(surveys);
        return surveys
            .Select(s =>
            {
                var entry = trend.GetValueOrDefault(s.Id);
                return new SurveyView(
                    s.Id,
                    s.Instrument.ToString(),
                    s.Occasion.ToString(),
                    s.AppointmentId,
                    s.SeriesId,
                    s.State.ToString(),
                    Wire.Format(s.DueAt),
                    Wire.Format(s.ExpiresAt),
                    s.TotalScore,
                    s.Band,
                    s.CompletedAt is { } done ? Wire.Format(done) : null,
                    entry?.Change,
                    entry?.PercentChange is { } percent ? decimal.Round(percent, 1) : null,
                    entry?.Response,
                    entry?.Remission
                );
            })
            .ToList();
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
/// `score` and `band` are null until the survey is completed. `changeFromBaseline` (points) and
/// `percentChangeFromBaseline` compare a completed survey with the latest baseline of its instrument;
/// `response` (at least 50 % below baseline) and `remission` (below 5) are given for PHQ-9 results after
/// the baseline, and null otherwise.
/// </summary>
public sealed record SurveyView(
    Guid Id,
    string Instrument,
    string Occasion,
    Guid? AppointmentId,
    Guid? SeriesId,
    string State,
    string DueInstant,
    string ExpiresAt,
    int? Score,
    string? Band,
    string? CompletedAt,
    int? ChangeFromBaseline,
    decimal? PercentChangeFromBaseline,
    bool? Response,
    bool? Remission
);
