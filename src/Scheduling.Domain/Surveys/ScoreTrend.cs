namespace Scheduling.Domain.Surveys;

/// <summary>
/// A patient's totals on one instrument over time, read against the baseline. Pass the results of one
/// course (baseline, mid-series, end of series, follow-ups); if several baselines are present the latest
/// starts the course, because earlier results belong to an earlier one.
/// </summary>
public sealed record ScoreTrend
{
    /// <summary>Remission is a PHQ-9 below 5 (docs/domain.md, "Instruments").</summary>
    public const int RemissionBelow = 5;

    /// <summary>
    /// Response is a PHQ-9 at least 50 % below baseline (docs/domain.md, "Instruments"), compared in whole
    /// numbers so 50 % exactly counts.
    /// </summary>
    public const int ResponseReductionPercent = 50;

    /// <summary>After a series, a rise of this much above the best post-series PHQ-9 suggests a booster.</summary>
    public const int BoosterRiseAtLeast = 5;

    /// <summary>After a series, a PHQ-9 at or above this suggests a booster whatever the rise.</summary>
    public const int BoosterScoreAtLeast = 10;

    private ScoreTrend(
        Instrument instrument,
        TrendPoint? baseline,
        IReadOnlyList<TrendEntry> entries,
        BoosterSignal? booster
    )
    {
        Instrument = instrument;
        Baseline = baseline;
        Entries = entries;
        Booster = booster;
    }

    public Instrument Instrument { get; }
    public TrendPoint? Baseline { get; }

    /// <summary>Every result in time order.</summary>
    public IReadOnlyList<TrendEntry> Entries { get; }

    /// <summary>Set when the latest PHQ-9 puts the patient on the front desk's booster list.</summary>
    public BoosterSignal? Booster { get; }

    public TrendEntry? Latest => Entries.Count == 0 ? null : Entries[^1];
    public bool BoosterMayBeDue => Booster is not null;

    public static ScoreTrend For(Instrument instrument, IEnumerable<TrendPoint> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (InstrumentCatalog.Get(instrument).Scoring is null)
            throw new ArgumentException($"{instrument} has no total to follow over time.", nameof(instrument));

        // OrderBy is stable, so results stamped at the same instant keep the order they came in.
        var ordered = results.OrderBy(r => r.CompletedAt).ToList();
        var baselineIndex = ordered.FindLastIndex(r => r.Occasion == SurveyOccasion.Baseline);
        var baseline = baselineIndex < 0 ? null : ordered[baselineIndex];
        var isPhq9 = instrument == Instrument.Phq9;

        var entries = ordered
            .Select(
                (point, index) =>
                {
                    var afterTreatmentBegan = isPhq9 && index > baselineIndex;
                    int? change = baseline is not null && index >= baselineIndex ? point.Total - baseline.Total : null;
                    return new TrendEntry(
                        point,
                        change,
                        change is { } c && baseline is { Total: > 0 } b ? c * 100m / b.Total : null,
                        afterTreatmentBegan && baseline is not null ? IsResponse(baseline.Total, point.Total) : null,
                        afterTreatmentBegan ? point.Total < RemissionBelow : null
                    );
                }
            )
            .ToList();

        return new ScoreTrend(instrument, baseline, entries, isPhq9 ? BoosterRule(ordered, baselineIndex) : null);
    }

    // "At least 50 % below" as integers: total <= baseline / 2 without rounding either way.
    private static bool IsResponse(int baseline, int total) =>
        baseline > 0 && total * 100 <= baseline * (100 - ResponseReductionPercent);

    /// <summary>
    /// Reads the latest result only, so it answers "does this new PHQ-9 put the patient on the list?";
    /// a list entry made earlier stays until someone resolves it. The end-of-series score counts as the
    /// first post-series score: it is what the patient left the series with. A baseline after the end of
    /// series means a new course has begun, and the old series no longer decides anything.
    /// </summary>
    private static BoosterSignal? BoosterRule(List<TrendPoint> ordered, int baselineIndex)
    {
        var endIndex = ordered.FindLastIndex(r => r.Occasion == SurveyOccasion.EndOfSeries);
        var latestIndex = ordered.Count - 1;
        if (endIndex < 0 || latestIndex <= endIndex || baselineIndex > endIndex)
            return null;

        var latest = ordered[latestIndex];
        var best = ordered.GetRange(endIndex, latestIndex - endIndex).Min(r => r.Total);
        var rose = latest.Total - best >= BoosterRiseAtLeast;
        var high = latest.Total >= BoosterScoreAtLeast;
        return rose || high ? new BoosterSignal(latest, best, rose, high) : null;
    }
}
