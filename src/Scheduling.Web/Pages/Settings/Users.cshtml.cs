using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Web.Api.Contracts.Users;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Settings;

/// <summary>Staff accounts: add, change roles and clinics, disable and enable, as /api/users does.</summary>
public sealed class UsersModel(SchedulingDbContext db, UserRequests accounts) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<ClinicOption> Clinics { get; private set; } = [];

    /// <summary>The account whose roles and clinics the change form shows (?edit=id).</summary>
    public UserView? Editing { get; private set; }

    public string? Done { get; private set; }

    public Task OnGetAsync(Guid? edit, CancellationToken cancellationToken) => LoadAsync(edit, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Clinics = (await ClinicChoice.LoadAsync(db, null, cancellationToken)).Clinics;
        var outcome = await accounts.CreateAsync(
            new NewUser(Input.Email?.Trim(), Input.Password, Input.Roles, Input.ClinicIds),
            cancellationToken
        );
        Done = outcome.Report(ModelState, $"{outcome.Value?.Email} can now sign in as {Describe(outcome.Value)}.");
        if (Done is not null)
        {
            Input = new Command();
        }

        await LoadAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(Guid? userId, CancellationToken cancellationToken)
    {
        Clinics = (await ClinicChoice.LoadAsync(db, null, cancellationToken)).Clinics;
        var outcome = userId is { } id
            ? await accounts.ChangeAsync(id, new UserAccess(Input.Roles, Input.ClinicIds), ActorId, cancellationToken)
            : Outcome<UserView>.Invalid("userId", "Choose a user.");
        Done = outcome.Report(ModelState, $"{outcome.Value?.Email} now works as {Describe(outcome.Value)}.");
        await LoadAsync(Done is null ? userId : null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var outcome = userId is { } id
            ? await accounts.DisableAsync(id, ActorId, cancellationToken)
            : Outcome<UserView>.Invalid("userId", "Choose a user.");
        Done = outcome.Report(ModelState, $"{outcome.Value?.Email} is disabled and signed out everywhere.");
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var outcome = userId is { } id
            ? await accounts.EnableAsync(id, ActorId, cancellationToken)
            : Outcome<UserView>.Invalid("userId", "Choose a user.");
        Done = outcome.Report(ModelState, $"{outcome.Value?.Email} can sign in again.");
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    public string ClinicNames(IReadOnlyList<Guid> ids) =>
        ids.Count == 0
            ? "Every clinic"
            : string.Join(", ", ids.Select(id => Clinics.FirstOrDefault(c => c.Id == id)?.Name ?? id.ToString()));

    private string ActorId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private string Describe(UserView? user) =>
        user is null ? "" : $"{string.Join(", ", user.Roles)} ({ClinicNames(user.ClinicIds).ToLowerInvariant()})";

    private async Task LoadAsync(Guid? edit, CancellationToken cancellationToken)
    {
        Clinics = (await ClinicChoice.LoadAsync(db, null, cancellationToken)).Clinics;
        Users = await accounts.ListAsync(cancellationToken);
        Editing = Users.FirstOrDefault(u => edit is { } id && Guid.TryParse(u.Id, out var userId) && userId == id);
    }

    public sealed class Command
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public List<string?> Roles { get; set; } = [];
        public List<Guid> ClinicIds { get; set; } = [];
    }
}
