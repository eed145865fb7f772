using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Scheduling.Core.Surveys;
using Scheduling.Domain.Surveys;
using Scheduling.Web.Auth;

namespace Scheduling.Web.Pages.Surveys;

/// <summary>
/// The survey page a patient opens from a message: no sign-in, the link's token is the only key.
/// Nothing about the survey or the patient is read out before the token checks out; a link that does
/// not (unknown 404, answered, expired or withdrawn 410) gets a page that names nobody and no clinic.
/// </summary>
/// <remarks>
/// No antiforgery check on the POST: the page is anonymous and keyed by the link's token (144 random bits,
/// only its hash stored), which a forging site cannot know, and there is no sign-in cookie to ride on, so
/// the check would add nothing. It could only lose answers: a form left open past the antiforgery token's
/// life, or posted without its cookie, would be refused, and with it a positive item 9 (docs/domain.md,
/// "The item-9 safety event").
/// </remarks>
[EnableRateLimiting(RateLimits.Public)]
[IgnoreAntiforgeryToken]
public sealed class SurveyModel(SurveyResponses responses) : PageModel
{
    public const string FieldPrefix = SurveyForm.FieldPrefix;

    public SurveyLookup Lookup { get; private set; } = SurveyLookup.Unavailable(LinkState.Unknown);
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, int> Given { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<SurveyFlag> Flags { get; private set; } = [];
    public bool Completed { get; private set; }

    /// <summary>A post on a link that no longer opens the form, which reached the care team through an alert.</summary>
    public bool HeardLate => Lookup.State != LinkState.Open && Completed;

    public bool ShowCrisisResources => Flags.Contains(SurveyFlag.SelfHarmRisk);
    public bool NurseWillCall =>
        Flags.Contains(SurveyFlag.NurseCallBack) || Flags.Contains(SurveyFlag.SevereSideEffect);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        Lookup = await responses.OpenAsync(token, cancellationToken);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        var fields = Request.HasFormContentType ? await Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var form = SurveyForm.Read(fields);
        var submission = await responses.SubmitAsync(token, form, cancellationToken);
        Lookup = submission.Lookup;
        if (submission.Result is { } result)
        {
            Flags = result.Flags;
            Errors = result.Errors;
            Given = form.Answers;
            Completed = result.Completed;
        }

        return Answer();
    }

    public bool IsChecked(InstrumentItem item, AnswerOption option) =>
        Given.TryGetValue(item.Key, out var value) && value == option.Value;

    public string[] ErrorsFor(InstrumentItem item) => Errors.TryGetValue(item.Key, out var messages) ? messages : [];

    private PageResult Answer()
    {
        Response.StatusCode = Lookup.State switch
        {
            LinkState.Open => Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
            _ when HeardLate => StatusCodes.Status200OK,
            LinkState.Unknown => StatusCodes.Status404NotFound,
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
