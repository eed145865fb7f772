using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>Signs in the way people and integrations do: the /login form, or POST /api/auth/login.</summary>
public static partial class SignIn
{
    public static async Task<HttpResponseMessage> WithFormAsync(HttpClient browser, string email, string password)
    {
        var page = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The sign-in form carries an anti-forgery token.");
        using var form = new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = token,
            }
        );
        return await browser.PostAsync(new Uri("/login", UriKind.Relative), form);
    }

    public static async Task<HttpClient> BrowserAsync(SchedulingApp app, string role)
    {
        var browser = app.CreateBrowser();
        var response = await WithFormAsync(browser, SchedulingApp.EmailFor(role), SchedulingApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public static async Task<string> TokenAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync(
            new Uri("/api/auth/login", UriKind.Relative),
            new { email, password }
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.NotNull(body);
        Assert.True(body.ExpiresIn > 0);
        return body.AccessToken;
    }

    public static async Task<HttpClient> ApiClientAsync(SchedulingApp app, string role)
    {
        var client = app.CreateClient();
        var token = await TokenAsync(client, SchedulingApp.EmailFor(role), SchedulingApp.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record TokenResponse(string AccessToken, int ExpiresIn);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
