using NodaTime;

namespace Scheduling.Domain.Surveys;

/// <summary>One completed survey's total, as the trend reads it.</summary>
public sealed record TrendPoint(Instant CompletedAt, SurveyOccasion Occasion, int Total);

/// <summary>
/// A point read against the baseline. <see cref="PercentChange"/> is negative when symptoms fell and
/// null when the baseline was 0 (no percentage of nothing). <see cref="Response"/> and
/// <see cref="Remission"/> are null where the product defines no rule (instruments other than PHQ-9)
/// or the point is not a result of treatment (the baseline itself, or anything before it).
/// </summary>
public sealed record TrendEntry(TrendPoint Point, int? Change, decimal? PercentChange, bool? Response, bool? Remission);

/// <summary>
/// Why a patient belongs on the "booster may be due" list: <paramref name="Trigger"/> is the result that
/// put them there and <paramref name="BestPostSeries"/> the lowest score from the end of series up to it.
/// </summary>
public sealed record BoosterSignal(TrendPoint Trigger, int BestPostSeries, bool RoseFromBest, bool ReachedThreshold);
