using System.Net;
using System.Text.RegularExpressions;

namespace Scheduling.IntegrationTests.SelfService;

/// <summary>A patient's phone on their own page: follows the link from a reminder, reads it, posts a choice.</summary>
public static partial class PatientPage
{
    public static string? TokenIn(string text) =>
        LinkPattern().Match(text) is { Success: true } match ? match.Groups["token"].Value : null;

    public static async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient phone, string token)
    {
        var response = await phone.GetAsync(new Uri($"/p/{token}", UriKind.Relative));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Opens the page, as a browser would, and posts the choice with the page's anti-forgery token.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(
        HttpClient phone,
        string token,
        string action,
        string? start = null
    )
    {
        var (_, page) = await GetAsync(phone, token);
        return await PostWithAsync(phone, token, action, start, Antiforgery(page));
    }

    public static async Task<(HttpResponseMessage Response, string Body)> PostWithAsync(
        HttpClient phone,
        string token,
        string action,
        string? start,
        string antiforgery
    )
    {
        var fields = new Dictionary<string, string>
        {
            ["action"] = action,
            ["__RequestVerificationToken"] = antiforgery,
        };
        if (start is not null)
        {
            fields["start"] = start;
        }

        using var content = new FormUrlEncodedContent(fields);
        var response = await phone.PostAsync(new Uri($"/p/{token}", UriKind.Relative), content);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The times the page offers, as the form sends them (clinic wall-clock time).</summary>
    public static IReadOnlyList<string> Offers(string page) =>
        OfferField().Matches(page).Select(m => m.Groups["start"].Value).ToList();

    public static string Antiforgery(string page) => AntiforgeryField().Match(page).Groups["token"].Value;

    [GeneratedRegex(@"https://clinic\.example\.test/p/(?<token>[A-Za-z0-9_-]{24})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"start\" value=\"(?<start>[0-9T:-]+)\"")]
    private static partial Regex OfferField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
