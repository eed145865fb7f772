using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Worklist;

namespace Scheduling.Core.Worklist;

/// <summary>
/// The one opener of work items. Whether a task opens is decided by <see cref="WorkItemLifecycle.MayOpen"/>
/// (at most one open per kind and subject; a task closed as done is never reopened for the cause it
/// answered); the row is made by <see cref="WorkItem.Open"/>. Use cases in a unit of work call
/// <see cref="OpenAsync"/>; a follow-up that must not race another (two surveys finishing at once) calls
/// <see cref="OpenAtOnceAsync"/>; the recurring jobs and the dispatcher, which open tasks for many rows in one
/// statement, put <see cref="OpenSql"/> around their own SELECT, the same rule written in SQL (a test holds
/// the two to the same table).
/// </summary>
public static class Tasks
{
    private static readonly string OpenState = WorkItemLifecycle.Sql(WorkItemState.Open);
    private static readonly string DoneState = WorkItemLifecycle.Done.SqlTo;

    /// <summary>Opens the task in the caller's unit of work unless the rule says no; the new task, or null.</summary>
    public static async Task<WorkItem?> OpenAsync(
        SchedulingDbContext db,
        WorkItemOpening opening,
        WorkItemCause cause,
        Instant now,
        CancellationToken cancellationToken,
        Instant? arose = null
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(opening);
        var earlier = await Earlier(db, opening, cause).ToListAsync(cancellationToken);
        return Decide(db, opening, cause, now, arose, earlier);
    }

    /// <summary>As <see cref="OpenAsync"/>, for a caller that is not asynchronous (an inbound SMS's reply).</summary>
    public static WorkItem? Open(
        SchedulingDbContext db,
        WorkItemOpening opening,
        WorkItemCause cause,
        Instant now,
        Instant? arose = null
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(opening);
        return Decide(db, opening, cause, now, arose, [.. Earlier(db, opening, cause)]);
    }

    /// <summary>
    /// Opens a task for a <see cref="WorkItemCause.NewEvent"/> at once, in one statement, so two callers at the
    /// same moment still leave one open task. True when it opened one.
    /// </summary>
    public static async Task<bool> OpenAtOnceAsync(
        SchedulingDbContext db,
        WorkItemOpening opening,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(opening);
        // A null due time is written as a literal: the provider maps no parameter of type DBNull.
        var dueAt = opening.DueAt.HasValue ? "{6}::timestamptz" : "NULL::timestamptz";
        var sql = OpenSql(
            $$"""
            SELECT {0}::uuid AS clinic_id, {1}::uuid AS patient_id, {2}::text AS kind, {3}::uuid AS subject_id,
                   {4}::timestamptz AS created_at, {{dueAt}} AS due_at, {5}::text AS detail
            """,
            WorkItemCause.NewEvent
        );
        List<object> values =
        [
            opening.ClinicId,
            opening.PatientId,
            opening.Kind.ToString(),
            opening.SubjectId,
            now,
            opening.Detail,
        ];
        if (opening.DueAt is { } due)
        {
            values.Add(due);
        }

        return await db.Database.ExecuteSqlRawAsync(sql, values, cancellationToken) > 0;
    }

    /// <summary>
    /// The statement that opens tasks for the rows of <paramref name="source"/>, a SELECT with the columns
    /// clinic_id, patient_id, kind, subject_id, created_at, due_at and detail (and arose, when
    /// <paramref name="cause"/> is <see cref="WorkItemCause.StandingSince"/>), by the rule of
    /// <see cref="WorkItemLifecycle.MayOpen"/>.
    /// </summary>
    public static string OpenSql(string source, WorkItemCause cause)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var answered = cause switch
        {
            WorkItemCause.NewEvent => "",
            WorkItemCause.StandingSince => $"""
                WHERE NOT EXISTS (SELECT 1 FROM scheduling.work_items d
                                   WHERE d.kind = o.kind AND d.subject_id = o.subject_id AND d.state = {DoneState}
                                     AND d.resolved_at >= o.arose)
                """,
            WorkItemCause.OncePerSubject => """
                WHERE NOT EXISTS (SELECT 1 FROM scheduling.work_items d
                                   WHERE d.kind = o.kind AND d.subject_id = o.subject_id)
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
        };
        return $"""
            INSERT INTO scheduling.work_items
                (id, clinic_id, patient_id, kind, subject_id, created_at, due_at, state, detail)
            SELECT gen_random_uuid(), o.clinic_id, o.patient_id, o.kind, o.subject_id, o.created_at, o.due_at,
                   {WorkItemLifecycle.Opened.SqlTo}, o.detail
            FROM ({source}) o
            {answered}
            ON CONFLICT (kind, subject_id) WHERE state = {OpenState} DO NOTHING
            """;
    }

    /// <summary>
    /// The statement that closes, as done by <paramref name="by"/> (a parameter reference such as "$2"), the
    /// open tasks of one kind that <paramref name="causeGone"/> (a condition on w) says have lost their cause.
    /// </summary>
    public static string ResolveSql(WorkItemKind kind, string at, string by, string causeGone, string? from = null) =>
        $"""
            UPDATE scheduling.work_items w SET state = {DoneState}, resolved_at = {at}, resolved_by = {by}
            {(from is null ? "" : "FROM " + from)}
            WHERE w.kind = '{kind}' AND w.state IN ({WorkItemLifecycle.Done.SqlFrom}) AND {causeGone}
            """;

    private static IQueryable<WorkItem> Earlier(SchedulingDbContext db, WorkItemOpening opening, WorkItemCause cause)
    {
        var same = db.WorkItems.Where(w => w.Kind == opening.Kind && w.SubjectId == opening.SubjectId);
        return cause == WorkItemCause.NewEvent ? same.Where(w => w.State == WorkItemState.Open) : same;
    }

    private static WorkItem? Decide(
        SchedulingDbContext db,
        WorkItemOpening opening,
        WorkItemCause cause,
        Instant now,
        Instant? arose,
        List<WorkItem> earlier
    )
    {
        var unsaved = db
            .WorkItems.Local.Where(w =>
                w.Kind == opening.Kind && w.SubjectId == opening.SubjectId && !earlier.Any(e => e.Id == w.Id)
            )
            .ToList();
        if (WorkItemLifecycle.MayOpen([.. earlier, .. unsaved], cause, arose) is not null)
        {
            return null;
        }

        var item = WorkItem.Open(opening, now);
        db.WorkItems.Add(item);
        return item;
    }
}
