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

    /// <summary>One list's tasks in one state, of one clinic or (no clinic) all, oldest first.</summary>
    public async Task<IReadOnlyList<ListedWorkItem>> ListAsync(WorkItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var kinds = WorkItemLists.Kinds[query.List];
        var (wanted, clinicId) = (query.State, query.ClinicId);
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
        var boosters = await BoosterScores.ForAsync(
            db,
            rows.Where(r => r.Item.Kind == WorkItemKind.BoosterMayBeDue).Select(r => r.Item.PatientId),
            cancellationToken
        );
        var items = rows.Select(r => new ListedWorkItem(
                r.Item,
                r.Item.Kind
                    is WorkItemKind.RideUnconfirmed
                        or WorkItemKind.RemsFormDue
                        or WorkItemKind.CallBackRequested
                    ? r.Item.SubjectId
                    : r.Message?.AppointmentId ?? r.Survey?.AppointmentId,
                r.Message?.Id,
                r.Survey?.Id,
                r.Item.Kind == WorkItemKind.BoosterMayBeDue ? boosters.GetValueOrDefault(r.Item.PatientId) : null
            ))
            .ToList();
        await audit.ListedAsync(
            "WorkItems",
            clinicId ?? Guid.Empty,
            items.Select(i => i.Item.PatientId),
            cancellationToken,
            new { list = query.List.ToString().ToLowerInvariant() }
        );

        return items;
    }

    public async Task<Outcome<WorkItem>> DoneAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await db.WorkItems.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (item is null)
        {
            return Outcome<WorkItem>.NotFound($"There is no work item {id}.");
        }

        if (item.MarkDone(clock.GetCurrentInstant(), actor.Id) is WorkItemRefusal.AlreadyDone)
        {
            return Outcome<WorkItem>.Conflict("This task was already done.");
        }

        audit.Record("done", nameof(WorkItem), item.Id, item.PatientId, new { kind = item.Kind.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return item;
    }
}

/// <summary>Which tasks to list: one list's, in one state, of one clinic or (null) every clinic.</summary>
public sealed record WorkItemQuery(WorkItemList List, WorkItemState State, Guid? ClinicId);

/// <summary>
/// A listed task with what it is about: the session (for a ride, a REMS form or a call-back the task's subject; for
/// a message's or a survey's task, theirs), the message or survey that is its subject, and for a booster entry the
/// PHQ-9 results that put the patient there (null for other tasks and when there are none).
/// </summary>
public sealed record ListedWorkItem(
    WorkItem Item,
    Guid? AppointmentId,
    Guid? MessageId,
    Guid? SurveyId,
    IReadOnlyList<BoosterScore>? Scores
);
