using System.Globalization;
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
[EnableRateLimiting(RateLimits.Public)]
public sealed class SurveyModel(SurveyResponses responses) : PageModel
{
    /// <summary>Form fields are named "q_" and the item's key ("q_1", "q_mood").</summary>
    public const string FieldPrefix = "q_";

    public SurveyLookup Lookup { get; private set; } = SurveyLookup.Unavailable(LinkState.Unknown);
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, int> Given { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<SurveyFlag> Flags { get; private set; } = [];
    public bool Completed { get; private set; }

    public bool ShowCrisisResources => Flags.Contains(SurveyFlag.SelfHarmRisk);
    public bool NurseWillCall => Flags.Contains(SurveyFlag.NurseCallBack) || Flags.Contains(SurveyFlag.SevereSideEffect);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        Lookup = await responses.OpenAsync(token, cancellationToken);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        Private();
        var (answers, unreadable) = ReadAnswers(Request.Form);
        var submission = await responses.SubmitAsync(token, answers, unreadable, cancellationToken);
        Lookup = submission.Lookup;
        if (submission.Result is { } result)
        {
            Flags = result.Flags;
            Errors = result.Errors;
            Given = answers;
            Completed = result.Completed;
        }

        return Answer();
    }

    public bool IsChecked(InstrumentItem item, AnswerOption option) => Given.TryGetValue(item.Key, out var value) && value == option.Value;

    public string[] ErrorsFor(InstrumentItem item) => Errors.TryGetValue(item.Key, out var messages) ? messages : [];

    private PageResult Answer()
    {
        Response.StatusCode = Lookup.State switch
        {
            LinkState.Open => Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
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

    private static (Dictionary<string, int> Answers, Dictionary<string, string[]> Unreadable) ReadAnswers(IFormCollection form)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            if (!name.StartsWith(FieldPrefix, StringComparison.Ordinal) || name.Length > FieldPrefix.Length + 40)
            {
                continue;
            }

            var key = name[FieldPrefix.Length..];
            if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                answers[key] = value;
            }
            else if (values.Any(v => !string.IsNullOrEmpty(v)))
            {
                unreadable[key] = [SurveyScoring.NotAnOption];
            }
        }

        return (answers, unreadable);
    }
}
