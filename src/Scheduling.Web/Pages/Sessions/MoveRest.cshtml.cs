using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Sessions;

/// <summary>
/// Moving a session and every later one of its series together (an illness mid-series): the new start →
/// preview (where each session goes, what the planner adjusted) → confirm. Both steps are the API's use case
/// (POST /api/series/{id}/move) called with typed values; confirming gives back the previewed times, so a
/// change in between is refused rather than booked unseen.
/// </summary>
public sealed class MoveRestModel(SchedulingDbContext db, SeriesMove move, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public LocalDateTime? Start { get; set; }

    /// <summary>Where the preview put each moved session, sent back with the confirmation.</summary>
    [BindProperty]
    public List<LocalDateTime?> Previewed { get; set; } = [];

    public Result? Session { get; private set; }

    public MoveRestResult? Moved { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Start ??= Session!.Start;
        await audit.ViewedAsync(nameof(Series), Session!.SeriesId, Session.PatientId, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken) =>
        MoveAsync(preview: true, cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) =>
        MoveAsync(preview: false, cancellationToken);

    private async Task<IActionResult> MoveAsync(bool preview, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Start is not { } start)
        {
            ModelState.TryAddModelError(nameof(Start), "Give the new date and time of this session.");
            return Page();
        }

        var expected = preview || Previewed.Count == 0 ? null : Previewed.OfType<LocalDateTime>().ToList();
        var outcome = await move.MoveAsync(
            new MoveRestCommand(Session!.SeriesId, Id, start, preview, expected),
            cancellationToken
        );
        if (outcome.Kind != OutcomeKind.Ok)
        {
            outcome.AddTo(ModelState);
            return Page();
        }

        Moved = outcome.Value;
        Previewed = [.. Moved!.Moves.Select(m => (LocalDateTime?)m.To)];
        ModelState.Clear();
        if (!preview)
        {
            Done = $"Moved {Moved.Moves.Count} sessions; their reminders and surveys follow, and the patient is told.";
            await LoadAsync(cancellationToken);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Session = await db
            .Appointments.AsNoTracking()
            .Where(a => a.Id == Id && a.SeriesId != null)
            .Join(
                db.Patients,
                a => a.PatientId,
                p => p.Id,
                (a, p) =>
                    new Result(
                        a.Id,
                        a.PatientId,
                        p.FirstName + " " + p.LastName,
                        a.SeriesId!.Value,
                        a.Number,
                        a.LocalStart,
                        a.TimeZoneId,
                        a.Status
                    )
            )
            .SingleOrDefaultAsync(cancellationToken);
        return Session is not null;
    }

    public sealed record Result(
        Guid Id,
        Guid PatientId,
        string Patient,
        Guid SeriesId,
        int Number,
        LocalDateTime Start,
        string TimeZone,
        AppointmentStatus Status
    );
}
