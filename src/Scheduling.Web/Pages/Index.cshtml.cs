using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scheduling.Web.Pages;

public sealed class IndexModel : PageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public void OnGet() => Roles = Core.Identity.Roles.All.Where(User.IsInRole).ToList();
}
