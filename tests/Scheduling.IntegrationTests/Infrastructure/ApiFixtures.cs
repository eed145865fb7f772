using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>Requests as a front desk's booking tool sends them, with the contract's example values.</summary>
public static class ApiFixtures
{
    public static object NewYorkClinic(
        int chairs = 2,
        string name = "Harbor Infusion Clinic",
        object[]? onCall = null
    ) =>
        new
        {
            name,
            timeZone = "America/New_York",
            phone = "(202) 555-0100",
            chairs,
            openingHours = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }
                .Select(day => new
                {
                    day,
                    open = "08:00",
                    close = "18:00",
                })
                .Append(
                    new
                    {
                        day = "Saturday",
                        open = "09:00",
                        close = "13:00",
                    }
                ),
            closedDates = new[] { "2026-12-25" },
            sendingWindow = new { start = "08:00", end = "20:00" },
            onCall = onCall
                ??
                [
                    new
                    {
                        name = "On-call clinician",
                        email = "oncall@clinic.test",
                        phone = "+1 202 555 0199",
                    },
                ],
        };

    public static object Patient(
        string clinicId,
        string lastName = "Rivera",
        bool sms = true,
        string phone = "(202) 555-0111"
    ) =>
        new
        {
            clinicId,
            firstName = "Alex",
            lastName,
            dateOfBirth = "1984-03-10",
            email = $"alex.{lastName.ToLowerInvariant()}@example.com",
            phone,
            consent = new { email = true, sms },
        };

    public static async Task<JsonElement> CreatedAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static IEnumerable<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name) : [];
}
