using NodaTime;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// One questionnaire for one patient on one occasion. Each message that invites the patient carries a
/// link of its own (<see cref="SurveyLink"/>); (SubjectId, Instrument, Occasion) is unique, so planning
/// twice plans once. A survey is answered once: completing it closes every link.
/// </summary>
public sealed class Survey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Guid? SeriesId { get; init; }
    public Guid? AppointmentId { get; init; }

    /// <summary>The appointment or series the survey follows.</summary>
    public Guid SubjectId { get; init; }

    public Instrument Instrument { get; init; }
    public required string InstrumentVersion { get; init; }
    public SurveyOccasion Occasion { get; init; }
    public Instant DueAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public SurveyState State { get; set; }
    public string? Reason { get; set; }
    public Instant? SentAt { get; set; }
    public Instant? CompletedAt { get; set; }
    public int? TotalScore { get; set; }
    public string? Band { get; set; }
    public Instant CreatedAt { get; init; }
    public List<SurveyAnswer> Answers { get; init; } = [];

    /// <summary>Planned or sent, and not past its expiry: the only states in which a link opens the form.</summary>
    public bool IsOpenAt(Instant now) => State is SurveyState.Planned or SurveyState.Sent && now < ExpiresAt;
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
