using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>Closing a task on the front desk's or nurses' list (POST /api/work-items/{id}/done); who closed it is kept and audited.</summary>
public sealed class WorkItemBoard(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    public async Task<Outcome<WorkItemView>> DoneAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await db.WorkItems.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (item is null)
        {
            return Outcome<WorkItemView>.NotFound($"There is no work item {id}.");
        }

        if (item.State == WorkItemState.Done)
        {
            return Outcome<WorkItemView>.Conflict("This task was already done.");
        }

        item.State = WorkItemState.Done;
        item.ResolvedAt = clock.GetCurrentInstant();
        item.ResolvedBy = actor.Id;
        audit.Record("done", nameof(WorkItem), item.Id, item.PatientId, new { kind = item.Kind.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return new WorkItemView(item.Id, item.PatientId, item.Kind.ToString(), item.SubjectId, item.State.ToString(), item.Detail);
    }
}

public sealed record WorkItemView(Guid Id, Guid PatientId, string Kind, Guid SubjectId, string State, string? Detail);
