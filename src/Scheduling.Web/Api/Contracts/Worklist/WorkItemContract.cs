using Scheduling.Core.Worklist;
using Scheduling.Domain.Worklist;

namespace Scheduling.Web.Api.Contracts.Worklist;

/// <summary>
/// A task as GET /api/work-items lists it; `reason` is the task's own words, `state` open or done. A
/// booster entry adds `scores`: the PHQ-9 results that put the patient there (from the end of the series).
/// </summary>
public sealed record WorkItemListView(
    Guid Id,
    string List,
    string Kind,
    Guid PatientId,
    Guid? AppointmentId,
    Guid? MessageId,
    Guid? SurveyId,
    string? Reason,
    string CreatedAt,
    string? DueAt,
    string State,
    IReadOnlyList<BoosterScoreView>? Scores = null
)
{
    public static WorkItemListView From(ListedWorkItem listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var item = listed.Item;
        return new(
            item.Id,
            WorkItemRequests.ListName(item.Kind),
            item.Kind.ToString(),
            item.PatientId,
            listed.AppointmentId,
            listed.MessageId,
            listed.SurveyId,
            item.Detail,
            Wire.Format(item.CreatedAt),
            item.DueAt is { } due ? Wire.Format(due) : null,
            item.State.ToString(),
            listed.Scores is { } scores
                ?
                [
                    .. scores.Select(b => new BoosterScoreView(
                        Wire.Format(b.CompletedAt),
                        b.Occasion.ToString(),
                        b.Total
                    )),
                ]
                : null
        );
    }
}

public sealed record BoosterScoreView(string CompletedAt, string Occasion, int Total);

// A task as POST /api/work-items/{id}/done answers it.
public sealed record WorkItemView(Guid Id, Guid PatientId, string Kind, Guid SubjectId, string State, string? Detail)
{
    public static WorkItemView From(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.PatientId, item.Kind.ToString(), item.SubjectId, item.State.ToString(), item.Detail);
    }
}
