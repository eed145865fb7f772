using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Booking;
using Scheduling.Web.Auth;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Visits;

/// <summary>
/// The patient's own page for one session, opened from the link in a reminder or move notice: no sign-in, no
/// script, the link's token the only key (docs/patient-self-service.md). Nothing about the session is read
/// out before the token checks out; a link that does not gets a page that names nobody and no clinic (unknown 404,
/// expired 410).
/// </summary>
/// <remarks>
/// Unlike the survey page, the POST checks an antiforgery token: these posts change a booking, and nothing is lost
/// when a stale form is refused (400): the patient opens the link again and chooses again.
/// </remarks>
[EnableRateLimiting(RateLimits.Public)]
public sealed class VisitModel(PatientSelfService selfService) : PageModel
{
    public const string Confirm = "confirm";
    public const string Cancel = "cancel";
    public const string Move = "move";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Create("dddd, MMMM d", English);
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.Create("h:mm tt", English);

    public PatientVisit Visit { get; private set; } = PatientVisit.Unknown;
    public VisitChange Change { get; private set; } = VisitChange.None;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public VisitDetails? Details => Visit.Details;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        Visit = await selfService.OpenAsync(token, cancellationToken);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var action = form["action"].ToString();
        VisitAnswer? answer = action switch
        {
            Confirm => await selfService.ConfirmAsync(token, cancellationToken),
            Cancel => await selfService.CancelAsync(token, cancellationToken),
            Move when ReadStart(form["start"].ToString()) is { } start => await selfService.MoveAsync(
                token,
                start,
                cancellationToken
            ),
            _ => null,
        };
        if (answer is null)
        {
            Errors =
                action == Move
                    ? new Dictionary<string, string> { ["start"] = "Choose one of the times offered." }
                    : new Dictionary<string, string> { ["action"] = "Choose what to do with your visit." };
            Visit = await selfService.OpenAsync(token, cancellationToken);
            return Answer();
        }

        Visit = answer.Visit;
        Change = answer.Change;
        return Answer();
    }

    public static string Date(LocalDateTime start) => DatePattern.Format(start.Date);

    public static string Time(LocalDateTime start) => TimePattern.Format(start.TimeOfDay);

    public static string Value(LocalDateTime start) => LocalDateTimeBinder.Field.Format(start);

    /// <summary>The notice in words: "24 hours", "2 days".</summary>
    public static string Notice(Duration notice) =>
        notice.TotalHours is var hours && hours >= 48 && hours % 24 == 0
            ? $"{hours / 24:0} days"
            : $"{hours:0.#} hours";

    private static LocalDateTime? ReadStart(string text) =>
        LocalDateTimeBinder.Field.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    private PageResult Answer()
    {
        Response.StatusCode = Visit.State switch
        {
            VisitState.Unknown => StatusCodes.Status404NotFound,
            VisitState.Over => StatusCodes.Status410Gone,
            _ when Errors.Count > 0 => StatusCodes.Status400BadRequest,
            _ => Change switch
            {
                VisitChange.TooLate or VisitChange.TimeNotOffered or VisitChange.Taken or VisitChange.Refused =>
                    StatusCodes.Status409Conflict,
                _ => StatusCodes.Status200OK,
            },
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
