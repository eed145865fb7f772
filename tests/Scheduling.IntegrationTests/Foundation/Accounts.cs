using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>Staff accounts made and used the way an Admin and their staff do: through the API and /login.</summary>
internal static class Accounts
{
    public static async Task<string> CreateAsync(
        SchedulingApp app,
        string email,
        string[] roles,
        Guid[]? clinicIds = null,
        string password = SchedulingApp.Password
    )
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var body = new
        {
            email,
            password,
            roles,
            clinicIds = clinicIds ?? [],
        };
        var created = await admin.CreatedAsync("/api/users", body);
        return created.GetProperty("id").GetString()!;
    }

    public static async Task<HttpResponseMessage> LoginAsync(
        HttpClient client,
        string email,
        string password = SchedulingApp.Password,
        string? twoFactorCode = null
    ) =>
        await PostAsync(
            client,
            "/api/auth/login",
            new
            {
                email,
                password,
                twoFactorCode,
            }
        );

    public static async Task<(HttpClient Client, string RefreshToken)> BearerAsync(
        SchedulingApp app,
        string email,
        string password = SchedulingApp.Password,
        string? twoFactorCode = null
    )
    {
        var client = app.CreateClient();
        var response = await LoginAsync(client, email, password, twoFactorCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login {email}: {(int)response.StatusCode} {body}");
        Use(client, body);
        return (client, body.GetProperty("refreshToken").GetString()!);
    }

    public static void Use(HttpClient client, JsonElement tokens) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            tokens.GetProperty("accessToken").GetString()
        );

    public static async Task<HttpClient> BrowserAsync(
        SchedulingApp app,
        string email,
        string password = SchedulingApp.Password
    )
    {
        var browser = app.CreateBrowser();
        var response = await SignIn.WithFormAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path) =>
        (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        body is null
            ? client.PostAsync(new Uri(path, UriKind.Relative), null)
            : client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body) =>
        client.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static async Task<JsonElement> MeAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/me", UriKind.Relative));

    public static async Task<List<AuditEvent>> AuditAsync(SchedulingApp app, string action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == action).ToListAsync();
    }

    public static async Task<string?> TitleAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        (await response.ProblemAsync(expected)).GetProperty("title").GetString();

    public static IEnumerable<string?> RolesOf(JsonElement user) =>
        user.GetProperty("roles").EnumerateArray().Select(r => r.GetString());

    /// <summary>The problem's fields that do not change between requests (not its traceId).</summary>
    public static async Task<string> StableProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stable = problem.EnumerateObject().Where(p => p.Name != "traceId");
        return string.Join("|", stable.Select(p => $"{p.Name}={p.Value}"));
    }
}

/// <summary>RFC 6238 as authenticator apps compute it: HMAC-SHA1 over 30-second steps, six digits.</summary>
internal static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        // RFC 6238 as every authenticator app (and Identity's provider) computes it: HMAC-SHA1.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary =
            ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A code that is certainly not accepted now (the provider takes two steps either side).</summary>
    public static string WrongCode(string base32Key)
    {
        var now = DateTimeOffset.UtcNow;
        var taken = Enumerable.Range(-3, 7).Select(i => Code(base32Key, now.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !taken.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0,
            bits = 0;
        foreach (var c in clean)
        {
            buffer = ((buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal)) & 0xffff;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
