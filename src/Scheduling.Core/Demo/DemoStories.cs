using NodaTime;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Demo;

/// <summary>
/// One session of a demo patient: a day counted from the demo's today, at the patient's usual time, or today at
/// <paramref name="MinutesFromNow"/> (from the present rounded down to a quarter hour).
/// </summary>
public sealed record DemoSession(int Day, int MinutesFromNow = 0, bool NoShow = false);

/// <summary>
/// What happened to one demo patient: their series, what they answered (PHQ-9 and GAD-7 totals by occasion; a
/// score not listed is left unanswered), and what the front desk did.
/// </summary>
public sealed record DemoStory(string FirstName, string LastName, int BirthYear, string Template, LocalTime Usual)
{
    public IReadOnlyList<DemoSession> Sessions { get; init; } = [];
    public IReadOnlyDictionary<(Instrument, SurveyOccasion), int> Scores { get; init; } =
        new Dictionary<(Instrument, SurveyOccasion), int>();

    /// <summary>Post-session checks answered (mild after-effects, a good mood).</summary>
    public bool AnswersChecks { get; init; } = true;

    /// <summary>A PHQ-9 left open until the present, then answered with item 9 above 0: an open safety alert.</summary>
    public SurveyOccasion? SelfHarmAnswerNow { get; init; }

    /// <summary>Booked a minute ago, with the REMS enrollment still pending; the first session on this day.</summary>
    public int? BookedNowFor { get; init; }

    public bool RideConfirmedToday { get; init; }
    public bool RemsEnrolled { get; init; }

    /// <summary>The session (by day) whose REMS monitoring form was never recorded.</summary>
    public int? RemsFormMissingOn { get; init; }

    /// <summary>The first SMS to this patient is refused for good by the provider (no such number).</summary>
    public bool FirstSmsRefused { get; init; }

    public string Email => $"{FirstName.ToLowerInvariant()}.{LastName.ToLowerInvariant()}@example.com";
}

/// <summary>The demo clinic's patients (docs/domain.md, "Surveys": response is half the baseline or less).</summary>
public static class DemoStories
{
    private static Dictionary<(Instrument, SurveyOccasion), int> Scores(
        params (Instrument Instrument, SurveyOccasion Occasion, int Total)[] scores
    ) => scores.ToDictionary(s => (s.Instrument, s.Occasion), s => s.Total);

    private static DemoSession[] Days(params int[] days) => [.. days.Select(d => new DemoSession(d))];

    public static IReadOnlyList<DemoStory> All { get; } =
    [
        // Mid-series and responding: the baseline halved by the middle of the series.
        new("Alex", "Rivera", 1984, BuiltInTemplates.KetamineIvInduction, new LocalTime(8, 0))
        {
            Sessions = [.. Days(-9, -7, -5, -2), new(0, -180), new(2)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 19),
                (Instrument.Phq9, SurveyOccasion.MidSeries, 9),
                (Instrument.Gad7, SurveyOccasion.Baseline, 14),
                (Instrument.Gad7, SurveyOccasion.MidSeries, 8)
            ),
        },
        // The last session of the series this morning.
        new("Sam", "Okafor", 1991, BuiltInTemplates.KetamineIvInduction, new LocalTime(9, 30))
        {
            Sessions = [.. Days(-11, -9, -7, -5, -3), new(0, -150)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 22),
                (Instrument.Phq9, SurveyOccasion.MidSeries, 10),
                (Instrument.Gad7, SurveyOccasion.Baseline, 16),
                (Instrument.Gad7, SurveyOccasion.MidSeries, 9)
            ),
        },
        // Responded, then the month after the series brought the scores back up: a booster may be due.
        new("Jordan", "Lee", 1977, BuiltInTemplates.KetamineIvInduction, new LocalTime(11, 0))
        {
            Sessions = Days(-46, -44, -42, -40, -38, -36),
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 21),
                (Instrument.Phq9, SurveyOccasion.MidSeries, 12),
                (Instrument.Phq9, SurveyOccasion.EndOfSeries, 7),
                (Instrument.Phq9, SurveyOccasion.FollowUpOneWeek, 6),
                (Instrument.Phq9, SurveyOccasion.FollowUpOneMonth, 14),
                (Instrument.Gad7, SurveyOccasion.Baseline, 15),
                (Instrument.Gad7, SurveyOccasion.MidSeries, 10),
                (Instrument.Gad7, SurveyOccasion.EndOfSeries, 6),
                (Instrument.Gad7, SurveyOccasion.FollowUpOneWeek, 5),
                (Instrument.Gad7, SurveyOccasion.FollowUpOneMonth, 11)
            ),
        },
        // Weekly esketamine maintenance, in the chair now; one session left booked, and one form not recorded.
        new("Casey", "Novak", 1969, BuiltInTemplates.EsketamineMaintenanceWeekly, new LocalTime(12, 30))
        {
            Sessions = [.. Days(-21, -14, -7), new(0, -45)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.MidSeries, 8),
                (Instrument.Gad7, SurveyOccasion.MidSeries, 6)
            ),
            RemsEnrolled = true,
            RemsFormMissingOn = -7,
        },
        // In the chair now; answers the mid-series PHQ-9 a moment ago with item 9 above 0.
        new("Riley", "Chen", 1995, BuiltInTemplates.KetamineIvInduction, new LocalTime(14, 0))
        {
            Sessions = [.. Days(-6, -4, -2), new(0, -30), new(2), new(4)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 18),
                (Instrument.Phq9, SurveyOccasion.MidSeries, 15),
                (Instrument.Gad7, SurveyOccasion.Baseline, 13)
            ),
            SelfHarmAnswerNow = SurveyOccasion.MidSeries,
        },
        // Did not come yesterday; never answered the baseline questionnaires.
        new("Morgan", "Patel", 1988, BuiltInTemplates.KetamineIvInduction, new LocalTime(15, 30))
        {
            Sessions = [.. Days(-5, -3), new(-1, NoShow: true), .. Days(1, 3, 5)],
            AnswersChecks = false,
        },
        // Coming this afternoon, ride home confirmed.
        new("Taylor", "Brooks", 1979, BuiltInTemplates.KetamineIvInduction, new LocalTime(8, 0))
        {
            Sessions = [.. Days(-2), new(0, 90), .. Days(2, 4, 6, 8)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 17),
                (Instrument.Gad7, SurveyOccasion.Baseline, 12)
            ),
            RideConfirmedToday = true,
        },
        // First session this afternoon; no answer to yesterday's day-before check.
        new("Avery", "Santos", 1986, BuiltInTemplates.KetamineIvInduction, new LocalTime(11, 0))
        {
            Sessions = [new(0, 165), .. Days(2, 4, 6, 8, 10)],
            Scores = Scores(
                (Instrument.Phq9, SurveyOccasion.Baseline, 16),
                (Instrument.Gad7, SurveyOccasion.Baseline, 11)
            ),
        },
        // Starts tomorrow; the provider refused the booking confirmation's SMS (a number that does not exist).
        new("Quinn", "Harper", 1993, BuiltInTemplates.KetamineIvInduction, new LocalTime(14, 0))
        {
            Sessions = Days(1, 3, 5, 7, 9, 11),
            FirstSmsRefused = true,
        },
        // Booked a minute ago: the confirmations are due now.
        new("Jamie", "Fischer", 1972, BuiltInTemplates.EsketamineInduction, new LocalTime(10, 0)) { BookedNowFor = 2 },
    ];
}
