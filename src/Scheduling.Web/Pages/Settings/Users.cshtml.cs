using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;

namespace Scheduling.Web.Pages.Settings;

/// <summary>Staff accounts and their roles; adding one goes through the same use case as `users add`.</summary>
public sealed class UsersModel(SchedulingDbContext db, UserAccounts accounts, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public string? Done { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = Input.Email?.Trim() ?? "";
        var problems = email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal)
            ? ["Expected an email address."]
            : await accounts.AddAsync(email, Input.Password ?? "", Input.Role ?? "");
        if (problems.Count == 0)
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(cancellationToken);
            audit.Record("created", "User", Guid.Empty, details: new { user = id, role = Input.Role });
            await db.SaveChangesAsync(cancellationToken);
            Done = $"{email} can now sign in as {Input.Role}.";
            Input = new Command();
        }

        foreach (var problem in problems)
        {
            ModelState.AddModelError(string.Empty, problem);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new { u.Email, u.LockoutEnd, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList() })
            .ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant().ToDateTimeOffset();
        Users = users.Select(u => new Row(u.Email ?? "", u.Roles, u.LockoutEnd > now)).ToList();
    }

    public sealed class Command
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public string? Role { get; set; }
    }

    public sealed record Row(string Email, IReadOnlyList<string> Roles, bool LockedOut);
}
