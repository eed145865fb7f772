using System.Net;
using System.Text.RegularExpressions;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// The /login form by hand, with no cookie container, so that a test sees every Set-Cookie header as the host
/// wrote it and can carry the cookies to another host or another scheme itself.
/// </summary>
public static partial class CookieSignIn
{
    public sealed record Result(
        HttpResponseMessage FormPage,
        HttpResponseMessage SignedIn,
        string Cookies,
        string FormToken
    );

    /// <summary>The client must not handle cookies; its base address decides the scheme.</summary>
    public static async Task<Result> SignInAsync(
        HttpClient client,
        string role,
        IReadOnlyDictionary<string, string>? headers = null
    )
    {
        using var get = Request(HttpMethod.Get, "/login", headers);
        var formPage = await client.SendAsync(get);
        var html = await formPage.Content.ReadAsStringAsync();
        var token = FormToken(html);
        var antiforgery = CookiePairs(formPage);
        using var post = Request(HttpMethod.Post, "/login", headers);
        post.Headers.Add("Cookie", antiforgery);
        post.Content = new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["Input.Email"] = SchedulingApp.EmailFor(role),
                ["Input.Password"] = SchedulingApp.Password,
                ["__RequestVerificationToken"] = token,
            }
        );
        var signedIn = await client.SendAsync(post);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)signedIn.StatusCode}");
        return new Result(formPage, signedIn, $"{antiforgery}; {CookiePairs(signedIn)}", token);
    }

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public static string FormToken(string html)
    {
        var token = Field().Match(html).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The page carries an anti-forgery token.");
        return token;
    }

    /// <summary>The Set-Cookie header of the cookie whose name starts so, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string namePrefix) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(namePrefix, StringComparison.Ordinal))
            : null;

    public static HttpRequestMessage Request(
        HttpMethod method,
        string path,
        IReadOnlyDictionary<string, string>? headers = null
    )
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static string CookiePairs(HttpResponseMessage response) =>
        string.Join(
            "; ",
            response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []
        );

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Field();
}
