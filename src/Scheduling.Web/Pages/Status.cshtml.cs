using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scheduling.Web.Pages;

/// <summary>The friendly page behind an error status for people using the dashboard.</summary>
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => (Title, Explanation) = code switch
    {
        403 => ("Not for your role", "Your account cannot open this page. Ask an administrator if you need it."),
        404 => ("Not found", "There is nothing at this address."),
        429 => ("Too many requests", "Please wait a minute and try again."),
        _ => ("Something went wrong", "The request could not be completed."),
    };
}
