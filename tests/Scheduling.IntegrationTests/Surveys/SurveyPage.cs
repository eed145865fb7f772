using System.Text.RegularExpressions;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>A patient's phone: follows a survey link from a message, reads the form, sends answers.</summary>
public static partial class SurveyPage
{
    public static string? TokenIn(string text) =>
        LinkPattern().Match(text) is { Success: true } match ? match.Groups["token"].Value : null;

    public static async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient phone, string token)
    {
        var response = await phone.GetAsync(new Uri($"/s/{token}", UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the form, as a browser would, and posts the answers (no anti-forgery token needed).</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> AnswerAsync(
        HttpClient phone,
        string token,
        IReadOnlyDictionary<string, int> answers
    )
    {
        var (_, form) = await GetAsync(phone, token);
        return await PostAsync(phone, token, answers, AntiforgeryIn(form));
    }

    /// <summary>Posts answers with whatever anti-forgery value was taken earlier; the survey page ignores it.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(
        HttpClient phone,
        string token,
        IReadOnlyDictionary<string, int> answers,
        string antiforgery
    )
    {
        var fields = answers.ToDictionary(
            a => "q_" + a.Key,
            a => a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        fields["__RequestVerificationToken"] = antiforgery;
        using var content = new FormUrlEncodedContent(fields);
        var response = await phone.PostAsync(new Uri($"/s/{token}", UriKind.Relative), content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static string AntiforgeryIn(string page) => AntiforgeryField().Match(page).Groups["token"].Value;

    public static Dictionary<string, int> Phq9(int item9 = 0, int others = 0) =>
        Enumerable
            .Range(1, 9)
            .ToDictionary(
                i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                i => i == 9 ? item9 : others
            );

    [GeneratedRegex(@"https://clinic\.example\.test/s/(?<token>[A-Za-z0-9_-]{24})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
