using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Booking a series in three steps: template and first start → preview (adjusted sessions and warnings
/// highlighted) → change single sessions and preview again, or confirm. Preview and booking are the
/// API's use cases. On "preview again" only the sessions whose time was changed are given, so the
/// planner places the rest around them; "book" gives every time as shown, so what is booked is what was
/// seen (or a clear refusal).
/// </summary>
public sealed class BookModel(SchedulingDbContext db, TemplateCatalogue templates, SeriesBooking booking, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public string? PatientName { get; private set; }

    public Guid ClinicId { get; private set; }

    public IReadOnlyList<TemplateView> Templates { get; private set; } = [];

    public SeriesPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        await audit.ViewedAsync("Patient.Booking", Id, Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var changed = Input.Starts.Count == Input.Planned.Count && Input.Starts.Where((s, i) => s != Input.Planned[i]).Any()
            ? Input.Starts.Select((s, i) => s == Input.Planned[i] ? null : s).ToList()
            : null;
        await PreviewAsync(changed, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostBookAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var outcome = await booking.BookAsync(Input.ToInput(Id, ClinicId, Input.Starts.Count > 0 ? Input.Starts : null), cancellationToken);
        if (outcome.Kind == OutcomeKind.Ok)
        {
            return Redirect($"/patients/{Id}");
        }

        outcome.AddTo(ModelState, Command.FieldOf);
        await PreviewAsync(Input.Starts.Count > 0 ? Input.Starts : null, cancellationToken);
        return Page();
    }

    private async Task PreviewAsync(IReadOnlyList<string?>? starts, CancellationToken cancellationToken)
    {
        var outcome = await booking.PreviewAsync(Input.ToInput(Id, ClinicId, starts), cancellationToken);
        if (outcome.Kind == OutcomeKind.Ok)
        {
            Preview = outcome.Value;
            var shown = Preview!.Sessions.Select(s => s.Start[..16]).ToList();
            Input.Starts = [.. shown];
            Input.Planned = [.. shown];
            ModelState.Remove("Input.Starts");
            ModelState.Remove("Input.Planned");
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Starts[", StringComparison.Ordinal) || k.StartsWith("Input.Planned[", StringComparison.Ordinal)).ToList())
            {
                ModelState.Remove(key);
            }
        }
        else
        {
            outcome.AddTo(ModelState, Command.FieldOf);
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == Id)
            .Select(p => new { p.ClinicId, Name = p.FirstName + " " + p.LastName }).SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            return false;
        }

        (PatientName, ClinicId) = (patient.Name, patient.ClinicId);
        Templates = await templates.ListAsync(ClinicId, cancellationToken);
        return true;
    }

    public sealed class Command
    {
        public string? TemplateCode { get; set; }
        public string? FirstStart { get; set; }
        public List<string?> Starts { get; set; } = [];
        public List<string?> Planned { get; set; } = [];

        public SeriesInput ToInput(Guid patientId, Guid clinicId, IReadOnlyList<string?>? starts) =>
            new(patientId, clinicId, TemplateCode, FirstStart, starts);

        public static string FieldOf(string field) => field switch
        {
            "templateCode" => "Input.TemplateCode",
            "firstSessionStart" => "Input.FirstStart",
            _ when field.StartsWith("sessionStarts[", StringComparison.Ordinal) => "Input.Starts" + field["sessionStarts".Length..],
            _ => string.Empty,
        };
    }
}
