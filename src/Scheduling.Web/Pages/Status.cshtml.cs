using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scheduling.Web.Pages;

/// <summary>
/// The friendly page behind an error status for people using the dashboard. A refused POST (a survey form
/// or a webhook over the rate limit) is re-executed here as a POST, which must keep its status, not turn
/// into an antiforgery 400.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) =>
        (Title, Explanation) = code switch
        {
            400 or 413 or 415 => (
                "The request could not be read",
                "Something in it cannot be read or stored; go back and check it."
            ),
            403 => ("Not for your role", "Your account cannot open this page. Ask an administrator if you need it."),
            404 => ("Not found", "There is nothing at this address."),
            429 => ("Too many requests", "Please wait a minute and try again."),
            _ => ("Something went wrong", "The request could not be completed."),
        };

    public void OnPost(int code) => OnGet(code);
}
