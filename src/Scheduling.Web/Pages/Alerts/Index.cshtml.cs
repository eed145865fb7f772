using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Alerts;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Surveys;
using Scheduling.Web.Api.Contracts.Alerts;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Alerts;

/// <summary>
/// Safety alerts, open ones first (the one an on-call message linked to marked); acknowledging calls the API's use
/// case, which records who and when.
/// </summary>
public sealed class IndexModel(SchedulingDbContext db, AlertBoard board, AuditLog audit) : PageModel
{
    private const int RecentlyAcknowledged = 50;

    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<Row> Open { get; private set; } = [];

    public IReadOnlyList<Row> Acknowledged { get; private set; } = [];

    public string? Done { get; private set; }

    /// <summary>The alert an on-call message linked to (/alerts/{id}), marked on the page.</summary>
    public Guid? Linked { get; private set; }

    public Task OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Linked = id;
        return LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, CancellationToken cancellationToken)
    {
        var outcome = await AlertRequests.AcknowledgeAsync(
            board,
            alertId,
            new AcknowledgeInput(Note),
            cancellationToken
        );
        if (outcome.Kind == OutcomeKind.Ok)
        {
            Done = "The alert is acknowledged.";
            Note = null;
        }
        else
        {
            outcome.AddTo(ModelState, field => field == "note" ? "Note" : string.Empty);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var open = await Rows(db.Alerts.Where(a => a.State == AlertState.Open).OrderBy(a => a.CreatedAt))
            .ToListAsync(cancellationToken);
        var acknowledged = await Rows(
                db.Alerts.Where(a => a.State == AlertState.Acknowledged)
                    .OrderByDescending(a => a.AcknowledgedAt)
                    .Take(RecentlyAcknowledged)
            )
            .ToListAsync(cancellationToken);
        (Open, Acknowledged) = (open, acknowledged);
        audit.Listed("Alerts", Guid.Empty, open.Concat(acknowledged).Select(a => a.PatientId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private IQueryable<Row> Rows(IQueryable<SafetyAlert> alerts) =>
        alerts
            .AsNoTracking()
            .Join(
                db.Patients,
                a => a.PatientId,
                p => p.Id,
                (a, p) =>
                    new Row(
                        a.Id,
                        a.PatientId,
                        p.FirstName + " " + p.LastName,
                        a.Kind,
                        a.CreatedAt,
                        a.AcknowledgedAt,
                        a.AcknowledgedBy,
                        a.Note
                    )
                    {
                        Answers = a.Answers,
                        Instrument = db
                            .Surveys.Where(s => s.Id == a.SurveyId)
                            .Select(s => (Instrument?)s.Instrument)
                            .FirstOrDefault(),
                    }
            );

    public sealed record Row(
        Guid Id,
        Guid PatientId,
        string Patient,
        AlertKind Kind,
        Instant CreatedAt,
        Instant? AcknowledgedAt,
        string? AcknowledgedBy,
        string? Note
    )
    {
        /// <summary>What the patient sent (the post that raised the alert first), in the form's wording.</summary>
        public IReadOnlyList<AnswersGiven> Answers { get; init; } = [];

        public Instrument? Instrument { get; init; }
    }
}
