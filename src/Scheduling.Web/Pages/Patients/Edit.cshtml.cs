using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scheduling.Core.Contracts;
using Scheduling.Web.Api.Contracts.Patients;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Correcting a patient's details and consent: the API's PUT use case; a consent change becomes a ledger entry.
/// </summary>
public sealed class EditModel(PatientRequests patients) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var patient = await patients.GetAsync(Id, cancellationToken);
        if (patient.Kind != OutcomeKind.Ok)
        {
            return NotFound();
        }

        var p = patient.Value!;
        Name = $"{p.FirstName} {p.LastName}";
        Input = new Command
        {
            FirstName = p.FirstName,
            LastName = p.LastName,
            DateOfBirth = p.DateOfBirth,
            Email = p.Email,
            Phone = p.Phone,
            ConsentEmail = p.Consent.Email,
            ConsentSms = p.Consent.Sms,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await patients.UpdateAsync(Id, Input.ToUpdate(), cancellationToken);
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (outcome.Kind == OutcomeKind.Ok)
        {
            return Redirect($"/patients/{Id}");
        }

        Name = $"{Input.FirstName} {Input.LastName}";
        outcome.AddTo(ModelState, NewModel.Command.FieldOf);
        return Page();
    }

    public sealed class Command
    {
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? DateOfBirth { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public bool ConsentEmail { get; set; }
        public bool ConsentSms { get; set; }
        public string? ConsentText { get; set; }

        public PatientUpdate ToUpdate() =>
            new(
                FirstName,
                LastName,
                DateOfBirth,
                Email,
                Phone,
                new ConsentInput(ConsentEmail, ConsentSms, ConsentText)
            );
    }
}
