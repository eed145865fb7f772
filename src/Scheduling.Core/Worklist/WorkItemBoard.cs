using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The front desk's and nurses' lists as the API reads them (GET /api/work-items), and closing a task on
/// one (POST /api/work-items/{id}/done); who read which patients' tasks and who closed one is audited.
/// </summary>
public sealed class WorkItemBoard(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    private const int MostItems = 500;

    /// <summary>One list's tasks, oldest first; <paramref name="state"/> is open (the default) or done.</summary>
    public async Task<Outcome<IReadOnlyList<WorkItemListView>>> ListAsync(
        string? list,
        string? state,
        Guid? clinicId,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        if (list is null || !WorkItemLists.Kinds.TryGetValue(list.Trim().ToLowerInvariant(), out var kinds))
        {
            problems.Add("list", $"Expected one of {string.Join(", ", WorkItemLists.Kinds.Keys)}.");
            kinds = [];
        }

        var wanted = WorkItemState.Open;
        if (state is not null && !(Enum.TryParse(state, ignoreCase: true, out wanted) && Enum.IsDefined(wanted)))
        {
            problems.Add("state", "Expected open or done.");
        }

        if (problems.Any)
        {
            return Outcome<IReadOnlyList<WorkItemListView>>.Invalid(problems.ToDictionary());
        }

        var rows = await db
            .WorkItems.AsNoTracking()
            .Where(w => kinds.Contains(w.Kind) && w.State == wanted && (clinicId == null || w.ClinicId == clinicId))
            .OrderBy(w => w.CreatedAt)
            .ThenBy(w => w.Id)
            .Take(MostItems)
            .Select(w => new
            {
                Item = w,
                Message = db
                    .Messages.Where(m => m.Id == w.SubjectId)
                    .Select(m => new { m.Id, m.AppointmentId })
                    .FirstOrDefault(),
                Survey = db
                    .Surveys.Where(s => s.Id == w.SubjectId)
                    .Select(s => new { s.Id, s.AppointmentId })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => new WorkItemListView(
                r.Item.Id,
                WorkItemLists.Of(r.Item.Kind),
                r.Item.Kind.ToString(),
                r.Item.PatientId,
                r.Item.Kind
                    is WorkItemKind.RideUnconfirmed
                        or WorkItemKind.RemsFormDue
                        or WorkItemKind.CallBackRequested
                    ? r.Item.SubjectId
                    : r.Message?.AppointmentId ?? r.Survey?.AppointmentId,
                r.Message?.Id,
                r.Survey?.Id,
                r.Item.Detail,
                Wire.Format(r.Item.CreatedAt),
                r.Item.DueAt is { } due ? Wire.Format(due) : null,
                r.Item.State.ToString()
            ))
            .ToList();
        const string Booster = nameof(WorkItemKind.BoosterMayBeDue);
        var boosters = await BoosterScores.ForAsync(
            db,
            items.Where(i => i.Kind == Booster).Select(i => i.PatientId),
            cancellationToken
        );
        items =
        [
            .. items.Select(i =>
                i.Kind == Booster && boosters.TryGetValue(i.PatientId, out var scores)
                    ? i with
                    {
                        Scores =
                        [
                            .. scores.Select(b => new BoosterScoreView(
                                Wire.Format(b.CompletedAt),
                                b.Occasion.ToString(),
                                b.Total
                            )),
                        ],
                    }
                    : i
            ),
        ];
        await audit.ListedAsync(
            "WorkItems",
            clinicId ?? Guid.Empty,
            items.Select(i => i.PatientId),
            cancellationToken,
            new { list }
        );

        return items;
    }

    public async Task<Outcome<WorkItemView>> DoneAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await db.WorkItems.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (item is null)
        {
            return Outcome<WorkItemView>.NotFound($"There is no work item {id}.");
        }

        if (item.MarkDone(clock.GetCurrentInstant(), actor.Id) is WorkItemRefusal.AlreadyDone)
        {
            return Outcome<WorkItemView>.Conflict("This task was already done.");
        }

        audit.Record("done", nameof(WorkItem), item.Id, item.PatientId, new { kind = item.Kind.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return new WorkItemView(
            item.Id,
            item.PatientId,
            item.Kind.ToString(),
            item.SubjectId,
            item.State.ToString(),
            item.Detail
        );
    }
}

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
);

public sealed record BoosterScoreView(string CompletedAt, string Occasion, int Total);

public sealed record WorkItemView(Guid Id, Guid PatientId, string Kind, Guid SubjectId, string State, string? Detail);
