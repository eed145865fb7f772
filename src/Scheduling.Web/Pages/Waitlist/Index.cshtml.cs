using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Core.Waitlist;
using Scheduling.Domain.Waitlist;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Waitlist;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Waitlist;

/// <summary>
/// A clinic's waitlist (docs/waitlist.md): every entry with its state, a form to add one, and withdraw. Cancelled
/// chair time is offered to the waiting entries by the offer round; this page only keeps the list.
/// </summary>
public sealed class IndexModel(SchedulingDbContext db, WaitlistBook book, TemplateCatalogue templates) : PageModel
{
    /// <summary>The patients offered in the form's list, by name.</summary>
    private const int PatientChoices = 500;

    [BindProperty(SupportsGet = true)]
    public Guid? ClinicId { get; set; }

    public ClinicChoice Choice { get; private set; } = new([], null);
    public IReadOnlyList<Row> Entries { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Patients { get; private set; } = [];
    public IReadOnlyList<string> TemplateCodes { get; private set; } = [];
    public string? Done { get; private set; }

    [BindProperty]
    public WaitlistForm Form { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var request = WaitlistRequests.Read(
            new WaitlistInput(
                Form.PatientId,
                ClinicId,
                Form.TemplateCode,
                Form.Earliest,
                Form.Latest,
                Form.NotBefore,
                Form.NotAfter
            )
        );
        var added =
            request.Kind == OutcomeKind.Ok
                ? await book.AddAsync(request.Value!, cancellationToken)
                : Outcome<WaitlistEntry>.Invalid(request.Errors);
        Done = added.Report(ModelState, "The patient is on the waitlist.");
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid entryId, CancellationToken cancellationToken)
    {
        Done = (await book.WithdrawAsync(entryId, cancellationToken)).Report(ModelState, "The entry is withdrawn.");
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Choice = await ClinicChoice.LoadAsync(db, ClinicId, cancellationToken);
        if (Choice.Current is not { } clinic)
        {
            return;
        }

        ClinicId = clinic.Id;
        var entries = await book.ListAsync(clinic.Id, cancellationToken) ?? [];
        var ids = entries.Select(e => e.PatientId).Distinct().ToList();
        var names = await db
            .Patients.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => $"{p.LastName}, {p.FirstName}", cancellationToken);
        Entries = [.. entries.Select(e => new Row(e, names.GetValueOrDefault(e.PatientId, "(unknown)")))];
        Patients =
        [
            .. (
                await db
                    .Patients.AsNoTracking()
                    .Where(p => p.ClinicId == clinic.Id)
                    .OrderBy(p => p.LastName)
                    .ThenBy(p => p.FirstName)
                    .Take(PatientChoices)
                    .Select(p => new
                    {
                        p.Id,
                        p.LastName,
                        p.FirstName,
                    })
                    .ToListAsync(cancellationToken)
            ).Select(p => (p.Id, $"{p.LastName}, {p.FirstName}")),
        ];
        TemplateCodes = [.. (await templates.ListAsync(clinic.Id, cancellationToken)).Select(t => t.Code).Distinct()];
    }

    public sealed record Row(WaitlistEntry Entry, string Patient)
    {
        public bool CanWithdraw => Entry.State is WaitlistState.Waiting or WaitlistState.Offered;

        public string Hours =>
            (Entry.NotBefore, Entry.NotAfter) switch
            {
                (null, null) => "any time",
                ({ } from, null) => $"from {Wire.Format(from)}",
                (null, { } until) => $"until {Wire.Format(until)}",
                ({ } from, { } until) => $"{Wire.Format(from)}–{Wire.Format(until)}",
            };
    }

    public sealed class WaitlistForm
    {
        public Guid? PatientId { get; set; }
        public string? TemplateCode { get; set; }
        public string? Earliest { get; set; }
        public string? Latest { get; set; }
        public string? NotBefore { get; set; }
        public string? NotAfter { get; set; }
    }
}
