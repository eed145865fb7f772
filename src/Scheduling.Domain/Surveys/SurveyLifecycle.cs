namespace Scheduling.Domain.Surveys;

/// <summary>One step a survey may take, from any of <see cref="From"/> to <see cref="To"/>.</summary>
public sealed class SurveyTransition
{
    internal SurveyTransition(string name, SurveyState to, params SurveyState[] from)
    {
        Name = name;
        To = to;
        From = from;
    }

    public string Name { get; }

    /// <summary>Empty for a new survey.</summary>
    public IReadOnlyList<SurveyState> From { get; }

    public SurveyState To { get; }

    /// <summary>The state it goes to as an SQL literal.</summary>
    public string SqlTo => SurveyLifecycle.Sql(To);

    /// <summary>The states it may come from as SQL literals, for "state IN (…)".</summary>
    public string SqlFrom => string.Join(", ", From.Select(SurveyLifecycle.Sql));

    public bool AllowsFrom(SurveyState state) => From.Contains(state);

    public override string ToString() => $"{Name}: {string.Join("|", From)} -> {To}";
}

/// <summary>
/// The survey lifecycle (docs/domain.md, "Surveys and check-ins"): every state change a survey may make, in
/// one list. <see cref="Survey"/> moves only by these, and the SQL that changes surveys in bulk (the link
/// store, the expiry job) names its states from them.
/// </summary>
public static class SurveyLifecycle
{
    /// <summary>Planned after a booking or a move.</summary>
    public static readonly SurveyTransition Plan = new(nameof(Plan), SurveyState.Planned);

    /// <summary>Planned while the patient had no channel to receive it: held from the start.</summary>
    public static readonly SurveyTransition PlanUnreachable = new(nameof(PlanUnreachable), SurveyState.Suppressed);

    /// <summary>Its first invitation's link was committed.</summary>
    public static readonly SurveyTransition MarkSent = new(nameof(MarkSent), SurveyState.Sent, SurveyState.Planned);

    /// <summary>Answered while its link was open.</summary>
    public static readonly SurveyTransition Complete = new(
        nameof(Complete),
        SurveyState.Completed,
        SurveyState.Planned,
        SurveyState.Sent
    );

    /// <summary>Its link ran out unanswered.</summary>
    public static readonly SurveyTransition Expire = new(
        nameof(Expire),
        SurveyState.Expired,
        SurveyState.Planned,
        SurveyState.Sent
    );

    /// <summary>Its session was cancelled or missed.</summary>
    public static readonly SurveyTransition CloseForSession = new(
        nameof(CloseForSession),
        SurveyState.Suppressed,
        SurveyState.Planned,
        SurveyState.Sent
    );

    /// <summary>Its session moved to where the occasion no longer follows it (only before it was sent).</summary>
    public static readonly SurveyTransition MoveAway = new(
        nameof(MoveAway),
        SurveyState.Suppressed,
        SurveyState.Planned
    );

    /// <summary>Its session moved: planned for the new times, or back from an earlier move away.</summary>
    public static readonly SurveyTransition Replan = new(
        nameof(Replan),
        SurveyState.Planned,
        SurveyState.Planned,
        SurveyState.Suppressed
    );

    public static IReadOnlyList<SurveyTransition> All { get; } =
    [Plan, PlanUnreachable, MarkSent, Complete, Expire, CloseForSession, MoveAway, Replan];

    public static bool Allows(SurveyState from, SurveyState to) => All.Any(t => t.To == to && t.AllowsFrom(from));

    /// <summary>A state as it is stored (enums are stored by name), quoted for SQL.</summary>
    public static string Sql(SurveyState state) => $"'{state}'";
}
