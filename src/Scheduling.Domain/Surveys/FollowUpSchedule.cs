using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Surveys;

/// <summary>One session of a series as the follow-up rules read it.</summary>
public sealed record SessionSlot(Guid AppointmentId, int Number, Instant Start, Instant End);

/// <summary>A survey the plan wants: (AppointmentId, Instrument, Occasion) is unique, like the surveys table.</summary>
public sealed record ScheduledSurvey(
    Guid AppointmentId,
    Instrument Instrument,
    SurveyOccasion Occasion,
    Instant DueAt,
    Instant ExpiresAt,
    Instant? ReminderAt
)
{
    /// <summary>
    /// The invitation is not worth sending this close to expiry: the patient would have no time to answer.
    /// </summary>
    public Instant InvitationNotAfter => ExpiresAt - FollowUpSchedule.MinimumAnswerTime;
}

/// <summary>
/// When each follow-up of a template is due (docs/survey-planning.md). A rule's positive "after" counts
/// from the end of the session (the patient has left the chair), a negative one from its start. Due
/// times move later into the patient's sending window, never earlier: a survey about a session cannot
/// come before it. A time already past at booking is not back-filled, except a baseline, which goes at
/// once while the session it precedes is still to come.
/// </summary>
public static class FollowUpSchedule
{
    /// <summary>The after-visit check speaks of "since your visit"; a day later the next one has taken over.</summary>
    public static readonly Duration PostSessionLifetime = Duration.FromHours(24);

    /// <summary>
    /// PHQ-9, GAD-7 and PCL-5 ask about the last two weeks (the last month for PCL-5), so a few days' delay does not
    /// spoil them.
    /// </summary>
    public static readonly Duration ScoredLifetime = Duration.FromHours(72);

    /// <summary>One reminder when a scored questionnaire is still unanswered this long after its invitation.</summary>
    public static readonly Duration ReminderAfter = Duration.FromHours(24);

    /// <summary>Neither an invitation nor a reminder goes out with less than this left before expiry.</summary>
    public static readonly Duration MinimumAnswerTime = Duration.FromHours(1);

    /// <summary>A post-session rule at or beyond this is the next-morning check; below it, the same-day one.</summary>
    private static readonly Duration NextMorningFrom = Duration.FromHours(12);

    public static IReadOnlyList<ScheduledSurvey> ForSeries(
        ProtocolTemplate template,
        IReadOnlyList<SessionSlot> sessions,
        SendingWindow window,
        Instant now
    )
    {
        ArgumentNullException.ThrowIfNull(template);
        return ForSeries(template.FollowUps, sessions, window, now);
    }

    /// <summary>The same for the rules a booked series goes by (<see cref="SeriesFollowUps"/>).</summary>
    public static IReadOnlyList<ScheduledSurvey> ForSeries(
        IReadOnlyList<FollowUpRule> rules,
        IReadOnlyList<SessionSlot> sessions,
        SendingWindow window,
        Instant now
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(window);
        if (sessions.Count == 0)
        {
            return [];
        }

        var first = sessions.Min(s => s.Number);
        var last = sessions.Max(s => s.Number);
        var planned = new Dictionary<(Guid, Instrument, SurveyOccasion), ScheduledSurvey>();
        foreach (var rule in rules)
        {
            foreach (var session in Selected(rule.Sessions, sessions, first, last))
            {
                var occasion = OccasionOf(rule, session.Number == first, session.Number == last);
                if (Schedule(rule, occasion, session, window, now) is { } survey)
                {
                    planned.TryAdd((survey.AppointmentId, survey.Instrument, survey.Occasion), survey);
                }
            }
        }

        return [.. planned.Values.OrderBy(s => s.DueAt)];
    }

    public static Instrument InstrumentOf(FollowUpKind kind) =>
        kind switch
        {
            FollowUpKind.PostSessionCheck => Instrument.PostSessionCheck,
            FollowUpKind.Phq9 => Instrument.Phq9,
            FollowUpKind.Gad7 => Instrument.Gad7,
            FollowUpKind.Pcl5 => Instrument.Pcl5,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No instrument for this follow-up."),
        };

    /// <summary>
    /// What a rule's survey is for. Before a session, or after the first one at no delay, it is the
    /// baseline; after the last session it ends the series (within a day) or follows up on it (a week,
    /// a month, and monthly up to six months); anything else is mid-series.
    /// </summary>
    public static SurveyOccasion OccasionOf(FollowUpRule rule, bool isFirst, bool isLast)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Kind == FollowUpKind.PostSessionCheck)
        {
            return rule.After < NextMorningFrom ? SurveyOccasion.PostSession : SurveyOccasion.NextMorning;
        }

        if (rule.After < Duration.Zero || (isFirst && rule.After == Duration.Zero))
        {
            return SurveyOccasion.Baseline;
        }

        if (!isLast)
        {
            return SurveyOccasion.MidSeries;
        }

        return rule.After < Duration.FromDays(1) ? SurveyOccasion.EndOfSeries
            : rule.After < Duration.FromDays(14) ? SurveyOccasion.FollowUpOneWeek
            : rule.After < Duration.FromDays(45) ? SurveyOccasion.FollowUpOneMonth
            : MonthsAfter(rule.After);
    }

    /// <summary>Two months or more after the series, to the nearest month, six at most (the relapse watch).</summary>
    private static SurveyOccasion MonthsAfter(Duration after) =>
        Math.Clamp((int)Math.Round(after / SeriesFollowUps.Month, MidpointRounding.AwayFromZero), 2, 6) switch
        {
            2 => SurveyOccasion.FollowUpTwoMonths,
            3 => SurveyOccasion.FollowUpThreeMonths,
            4 => SurveyOccasion.FollowUpFourMonths,
            5 => SurveyOccasion.FollowUpFiveMonths,
            _ => SurveyOccasion.FollowUpSixMonths,
        };

    private static ScheduledSurvey? Schedule(
        FollowUpRule rule,
        SurveyOccasion occasion,
        SessionSlot session,
        SendingWindow window,
        Instant now
    )
    {
        var instrument = InstrumentOf(rule.Kind);
        var anchor = rule.After < Duration.Zero ? session.Start : session.End;
        var due = window.EarliestAtOrAfter(anchor + rule.After);
        if (due <= now)
        {
            if (occasion != SurveyOccasion.Baseline || now >= session.Start)
            {
                return null;
            }

            due = window.EarliestAtOrAfter(now);
        }

        var expires = instrument == Instrument.PostSessionCheck ? due + PostSessionLifetime : due + ScoredLifetime;
        if (occasion == SurveyOccasion.Baseline)
        {
            // A baseline answered after treatment has begun is no baseline.
            expires = Instant.Min(expires, session.Start);
        }

        if (expires - due < MinimumAnswerTime)
        {
            return null;
        }

        Instant? reminder =
            instrument == Instrument.PostSessionCheck ? null : window.EarliestAtOrAfter(due + ReminderAfter);
        if (reminder is { } at && at > expires - MinimumAnswerTime)
        {
            reminder = null;
        }

        return new ScheduledSurvey(session.AppointmentId, instrument, occasion, due, expires, reminder);
    }

    private static IEnumerable<SessionSlot> Selected(
        string selector,
        IReadOnlyList<SessionSlot> sessions,
        int first,
        int last
    ) =>
        selector.Trim() switch
        {
            "each" => sessions,
            "first" => sessions.Where(s => s.Number == first),
            "last" => sessions.Where(s => s.Number == last),
            var numbers => sessions.Where(s =>
                numbers.Split(',').Any(n => int.TryParse(n.Trim(), out var number) && number == s.Number)
            ),
        };
}
