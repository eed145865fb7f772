using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Web.Api.Contracts.Patients;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Registering a patient with their consent to email and SMS: the API's use case, its field errors shown beside the
/// fields.
/// </summary>
public sealed class NewModel(SchedulingDbContext db, PatientRequests patients) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public ClinicChoice Choice { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Choice = await ClinicChoice.LoadAsync(db, null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await patients.RegisterAsync(Input.ToInput(), cancellationToken);
        if (outcome.Kind == OutcomeKind.Ok)
        {
            return Redirect($"/patients/{outcome.Value!.Id}");
        }

        outcome.AddTo(ModelState, Command.FieldOf);
        Choice = await ClinicChoice.LoadAsync(db, Input.ClinicId, cancellationToken);
        return Page();
    }

    public sealed class Command
    {
        public Guid? ClinicId { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? DateOfBirth { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public bool ConsentEmail { get; set; }
        public bool ConsentSms { get; set; }
        public string? ConsentText { get; set; }

        public PatientInput ToInput() =>
            new(
                ClinicId,
                FirstName,
                LastName,
                DateOfBirth,
                Email,
                Phone,
                new ConsentInput(ConsentEmail, ConsentSms, ConsentText)
            );

        public static string FieldOf(string field) =>
            field switch
            {
                "clinicId" => "Input.ClinicId",
                "firstName" => "Input.FirstName",
                "lastName" => "Input.LastName",
                "dateOfBirth" => "Input.DateOfBirth",
                "email" => "Input.Email",
                "phone" => "Input.Phone",
                _ => string.Empty,
            };
    }
}
