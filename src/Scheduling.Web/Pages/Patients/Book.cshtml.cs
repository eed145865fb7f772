using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Web.Api.Contracts.Templates;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Booking a series in three steps: template and first start → preview (adjusted sessions and warnings
/// highlighted) → change single sessions and preview again, or confirm. Preview and booking are the
/// API's use cases, called with typed values. The first preview lets the planner place every session;
/// "preview again" and "book" give every time as shown, each kept exactly, so what is booked is what was
/// seen (or a clear refusal, shown from the same plan: the planner runs once per submit).
/// </summary>
public sealed class BookModel(
    SchedulingDbContext db,
    TemplateCatalogue templates,
    SeriesBooking booking,
    AuditLog audit
) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public string? PatientName { get; private set; }

    public Guid ClinicId { get; private set; }

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public BookingPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        await audit.ViewedAsync("Patient.Booking", Id, Id, cancellationToken);
        return Page();
    }

    /// <summary>The planner places every session from the first start (times shown before are dropped).</summary>
    public Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        Input.Starts = [];
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Starts", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        return OnPostRecheckAsync(cancellationToken);
    }

    /// <summary>Every time as shown, kept exactly and checked.</summary>
    public async Task<IActionResult> OnPostRecheckAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (ReadForm() is { } request)
        {
            Show(await booking.PreviewAsync(request, cancellationToken));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostBookAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (ReadForm() is not { } request)
        {
            return Page();
        }

        var outcome = await booking.BookAsync(request, cancellationToken);
        if (outcome is { Kind: OutcomeKind.Ok, Value.Series: not null })
        {
            return Redirect($"/patients/{Id}");
        }

        if (outcome.Value?.Refused is { } refused)
        {
            ModelState.AddModelError(
                string.Empty,
                "The series cannot be booked as shown; the sessions marked below say why."
            );
            Show(refused);
        }
        else
        {
            outcome.AddTo(ModelState);
        }

        return Page();
    }

    /// <summary>
    /// The form as a booking request; null (with the reasons in the form) when a field cannot be read.
    /// </summary>
    private BookingRequest? ReadForm()
    {
        if (string.IsNullOrWhiteSpace(Input.TemplateCode))
        {
            ModelState.AddModelError("Input.TemplateCode", "Choose a protocol.");
        }

        if (Input.FirstStart is null)
        {
            ModelState.TryAddModelError("Input.FirstStart", "Give the first session's date and time.");
        }

        var starts = Input.Starts.Count == 0 ? null : Input.Starts.OfType<LocalDateTime>().ToList();
        if (starts is not null && starts.Count != Input.Starts.Count)
        {
            ModelState.AddModelError(
                string.Empty,
                "Give every session a date and time, or start again from the first session."
            );
        }

        return ModelState.IsValid
            ? new BookingRequest(
                Id,
                ClinicId,
                Input.TemplateCode!,
                Input.FirstStart!.Value,
                starts,
                Input.RemsEnrollmentPending
            )
            : null;
    }

    private void Show(Outcome<BookingPreview> outcome)
    {
        if (outcome.Kind == OutcomeKind.Ok)
        {
            Show(outcome.Value!);
        }
        else
        {
            outcome.AddTo(ModelState);
        }
    }

    private void Show(BookingPreview preview)
    {
        Preview = preview;
        Input.Starts = [.. preview.Sessions.Select(s => (LocalDateTime?)s.Planned.Start)];
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Starts", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var patient = await db
            .Patients.AsNoTracking()
            .Where(p => p.Id == Id)
            .Select(p => new { p.ClinicId, Name = p.FirstName + " " + p.LastName })
            .SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            return false;
        }

        (PatientName, ClinicId) = (patient.Name, patient.ClinicId);
        Templates = [.. (await templates.ListAsync(ClinicId, cancellationToken)).Select(TemplateView.From)];
        return true;
    }

    public sealed class Command
    {
        public string? TemplateCode { get; set; }

        public LocalDateTime? FirstStart { get; set; }

        /// <summary>
        /// Every session's start as the last preview showed it (and the desk may have changed); empty before the first
        /// preview.
        /// </summary>
        public List<LocalDateTime?> Starts { get; set; } = [];

        /// <summary>
        /// Esketamine only: book before the patient's REMS enrollment is recorded, which opens a `rems` task
        /// (docs/api-contract.md, "The front desk's month": <c>remsEnrollmentPending</c>).
        /// </summary>
        public bool RemsEnrollmentPending { get; set; }
    }

    /// <summary>Whether the chosen protocol is esketamine, so the form offers "REMS enrollment pending".</summary>
    public bool IsEsketamine =>
        Templates.Any(t =>
            t.Code == Input.TemplateCode
            && t.Medication == nameof(Scheduling.Domain.Protocols.Medication.EsketamineNasal)
        );
}
