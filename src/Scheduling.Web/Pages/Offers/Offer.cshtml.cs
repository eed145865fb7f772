using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Scheduling.Core.Waitlist;
using Scheduling.Web.Auth;

namespace Scheduling.Web.Pages.Offers;

/// <summary>
/// The page a waitlisted patient opens from an offer (docs/waitlist.md): no sign-in, the link's token is the only
/// key, rate-limited as the survey page. It shows the clinic's name in messages and the offered time; its one button
/// takes the offer through the same path as a YES by SMS. A token no offer carries is a 404 that names nobody.
/// </summary>
/// <remarks>No antiforgery check, for the survey page's reasons: anonymous, keyed by a secret, no cookie.</remarks>
[EnableRateLimiting(RateLimits.Public)]
[IgnoreAntiforgeryToken]
public sealed class OfferModel(WaitlistAnswers answers) : PageModel
{
    public OfferView? View { get; private set; }

    /// <summary>Whether the page answers a press of its button (rather than showing the offer).</summary>
    public bool Answered { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        View = (await answers.LookupAsync(token, cancellationToken))?.View;
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        var found = await answers.LookupAsync(token, cancellationToken);
        if (found is { } offer)
        {
            View = await answers.AcceptAsync(offer.OfferId, cancellationToken) ?? offer.View;
            Answered = true;
        }

        return Answer();
    }

    public string When =>
        View is null
            ? ""
            : View.Start.ToString(
                "dddd, MMMM d 'at' h:mm tt",
                System.Globalization.CultureInfo.GetCultureInfo("en-US")
            );

    private PageResult Answer()
    {
        Response.StatusCode = View?.Standing switch
        {
            null => StatusCodes.Status404NotFound,
            OfferStanding.Open or OfferStanding.Booked => StatusCodes.Status200OK,
            OfferStanding.Taken => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status410Gone,
        };
        return Page();
    }

    /// <summary>The link is a secret: keep it out of caches, other sites' logs (Referer) and search engines.</summary>
    private void Private()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }
}
