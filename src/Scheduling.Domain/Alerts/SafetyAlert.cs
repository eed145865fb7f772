using NodaTime;

namespace Scheduling.Domain.Alerts;

/// <summary>Something a clinician must see within minutes; open until someone acknowledges it.</summary>
public sealed class SafetyAlert
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public Guid? SurveyId { get; init; }
    public AlertKind Kind { get; init; }
    public Instant CreatedAt { get; init; }
    public AlertState State { get; set; }
    public Instant? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? Note { get; set; }

    /// <summary>Set by the re-paging job: when it last paged the alert again, whom, and how often so far.</summary>
    public Instant? LastPagedAt { get; private set; }
    public Guid? LastPagedContactId { get; private set; }
    public int PageRound { get; private set; }

    /// <summary>The post of the form that raised the alert, then every later one (see AnswersGiven).</summary>
    public IReadOnlyList<AnswersGiven> Answers { get; init; } = [];
}

public enum AlertKind
{
    SelfHarmRisk,
    SevereSideEffect,
}

public enum AlertState
{
    Open,
    Acknowledged,
}
