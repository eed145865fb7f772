using NodaTime;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// One questionnaire for one patient on one occasion. Each message that invites the patient carries a
/// link of its own (<see cref="SurveyLink"/>); (SubjectId, Instrument, Occasion) is unique, so planning
/// twice plans once. A survey is answered once: completing it closes every link. It moves only by its
/// methods, each one step of <see cref="SurveyLifecycle"/>: planned (or held for want of consent), sent,
/// then completed, expired or closed; a survey its session moved away from may be planned again.
/// </summary>
public sealed class Survey
{
    /// <summary>The reason of a survey closed because its session moved to where it no longer follows.</summary>
    public const string MovedAway = "AppointmentMoved";

    /// <summary>The reason of a survey planned while the patient had no channel to receive it.</summary>
    public const string NoConsent = "NoConsent";

    private Survey() { }

    public Guid Id { get; private init; } = Guid.CreateVersion7();
    public Guid PatientId { get; private init; }
    public Guid? SeriesId { get; private init; }
    public Guid? AppointmentId { get; private init; }

    /// <summary>The appointment or series the survey follows.</summary>
    public Guid SubjectId { get; private init; }

    public Instrument Instrument { get; private init; }
    public string InstrumentVersion { get; private init; } = "";
    public SurveyOccasion Occasion { get; private init; }
    public Instant DueAt { get; private set; }
    public Instant ExpiresAt { get; private set; }
    public SurveyState State { get; private set; }
    public string? Reason { get; private set; }
    public Instant? SentAt { get; private set; }
    public Instant? CompletedAt { get; private set; }
    public int? TotalScore { get; private set; }
    public string? Band { get; private set; }
    public Instant CreatedAt { get; private init; }
    public List<SurveyAnswer> Answers { get; private init; } = [];

    /// <summary>Planned or sent, and not past its expiry: the only states in which a link opens the form.</summary>
    public bool IsOpenAt(Instant now) => State is SurveyState.Planned or SurveyState.Sent && now < ExpiresAt;

    /// <summary>
    /// A new survey, planned; held (<see cref="SurveyState.Suppressed"/> with <see cref="NoConsent"/>) when
    /// the patient has no channel it could be sent on.
    /// </summary>
    public static Survey Plan(SurveyPlan plan, bool reachable, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var step = reachable ? SurveyLifecycle.Plan : SurveyLifecycle.PlanUnreachable;
        return new Survey
        {
            Id = plan.Id ?? Guid.CreateVersion7(),
            PatientId = plan.PatientId,
            SeriesId = plan.SeriesId,
            AppointmentId = plan.AppointmentId,
            SubjectId = plan.SubjectId,
            Instrument = plan.Instrument,
            InstrumentVersion = plan.InstrumentVersion,
            Occasion = plan.Occasion,
            DueAt = plan.DueAt,
            ExpiresAt = plan.ExpiresAt,
            State = step.To,
            Reason = reachable ? null : NoConsent,
            CreatedAt = now,
        };
    }

    /// <summary>Its first invitation went out (the link was committed); later ones keep the first time.</summary>
    public SurveyRefusal? MarkSent(Instant at) => Step(SurveyLifecycle.MarkSent, () =>
        {
            SentAt ??= at;
        });

    /// <summary>The patient answered while the link was open: the answers, the score and its band are kept.</summary>
    public SurveyRefusal? Complete(
        Instant at,
        int? totalScore,
        string? band,
        IEnumerable<KeyValuePair<string, int>> answers
    )
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (State is SurveyState.Planned or SurveyState.Sent && at >= ExpiresAt)
        {
            return SurveyRefusal.Expired;
        }

        return Step(SurveyLifecycle.Complete, () =>
        {
            CompletedAt = at;
            TotalScore = totalScore;
            Band = band;
            Answers.AddRange(
                answers.Select(a => new SurveyAnswer
                {
                    SurveyId = Id,
                    Item = a.Key,
                    Value = a.Value,
                })
            );
        });
    }

    /// <summary>Its link ran out unanswered (the expiry job does this in SQL, by the same step).</summary>
    public SurveyRefusal? Expire(Instant now) =>
        State is SurveyState.Planned or SurveyState.Sent && now < ExpiresAt
            ? SurveyRefusal.NotYetExpired
            : Step(SurveyLifecycle.Expire, () => { });

    /// <summary>Its session was cancelled or missed: the survey closes, the session's status its reason.</summary>
    public SurveyRefusal? CloseForSession(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return Step(SurveyLifecycle.CloseForSession, () => Reason = reason);
    }

    /// <summary>Its session moved where this occasion no longer follows it: closed till a move undoes it.</summary>
    public SurveyRefusal? MoveAway() => Step(SurveyLifecycle.MoveAway, () => Reason = MovedAway);

    /// <summary>
    /// Its session moved: planned again for the new times. A survey closed by an earlier move comes back; one
    /// closed for any other reason does not.
    /// </summary>
    public SurveyRefusal? Replan(Instant dueAt, Instant expiresAt)
    {
        if (State == SurveyState.Suppressed && Reason != MovedAway)
        {
            return SurveyRefusal.Closed;
        }

        return Step(SurveyLifecycle.Replan, () =>
        {
            Reason = null;
            DueAt = dueAt;
            ExpiresAt = expiresAt;
        });
    }

    private SurveyRefusal? Step(SurveyTransition transition, Action change)
    {
        if (!transition.AllowsFrom(State))
        {
            return State switch
            {
                SurveyState.Completed => SurveyRefusal.AlreadyCompleted,
                SurveyState.Expired => SurveyRefusal.Expired,
                SurveyState.Suppressed => SurveyRefusal.Closed,
                SurveyState.Sent => SurveyRefusal.AlreadySent,
                _ => SurveyRefusal.NotYetSent,
            };
        }

        change();
        State = transition.To;
        return null;
    }
}

/// <summary>What a new survey is: for whom, after which session, which questionnaire, and when.</summary>
public sealed record SurveyPlan(
    Guid PatientId,
    Guid? SeriesId,
    Guid? AppointmentId,
    Guid SubjectId,
    Instrument Instrument,
    string InstrumentVersion,
    SurveyOccasion Occasion,
    Instant DueAt,
    Instant ExpiresAt
)
{
    /// <summary>A chosen id (bulk loads and tests); a new one when absent.</summary>
    public Guid? Id { get; init; }
}

/// <summary>Why a survey refused a step.</summary>
public enum SurveyRefusal
{
    /// <summary>It was answered already; a survey is answered once.</summary>
    AlreadyCompleted,

    /// <summary>Its link ran out.</summary>
    Expired,

    /// <summary>It was closed (its session cancelled, missed or moved away, or no channel to send it on).</summary>
    Closed,

    /// <summary>The step is only for a survey not yet sent (a move away; a second first sending).</summary>
    AlreadySent,

    /// <summary>The step needs a survey that has been sent.</summary>
    NotYetSent,

    /// <summary>Expiring a survey whose link is still good.</summary>
    NotYetExpired,
}

public enum Instrument
{
    Phq9,
    Gad7,
    Pcl5,
    PostSessionCheck,
}

public enum SurveyOccasion
{
    PostSession,
    NextMorning,
    Baseline,
    MidSeries,
    EndOfSeries,
    FollowUpOneWeek,
    FollowUpOneMonth,
    FollowUpTwoMonths,
    FollowUpThreeMonths,
    FollowUpFourMonths,
    FollowUpFiveMonths,
    FollowUpSixMonths,
}

public enum SurveyState
{
    Planned,
    Sent,
    Completed,
    Expired,
    Suppressed,
}

public sealed class SurveyAnswer
{
    public Guid SurveyId { get; init; }

    /// <summary>"1".."20" for instrument items; a name such as "nausea" or "mood" for the post-session check.</summary>
    public required string Item { get; init; }

    public int Value { get; init; }
}
