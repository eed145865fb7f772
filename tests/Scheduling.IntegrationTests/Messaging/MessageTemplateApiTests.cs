using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Messaging;

public sealed class MessageTemplateApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private async Task<(HttpClient Admin, string Clinic)> ClinicAsync()
    {
        var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic());
        return (admin, clinic.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> OneAsync(HttpClient client, string clinic, string kind, string channel)
    {
        var all = await client.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/clinics/{clinic}/message-templates", UriKind.Relative)
        );
        return all.EnumerateArray()
            .Single(t => t.GetProperty("kind").GetString() == kind && t.GetProperty("channel").GetString() == channel);
    }

    private static Task<HttpResponseMessage> PutAsync(
        HttpClient client,
        string clinic,
        string kind,
        string channel,
        object body
    ) =>
        client.PutAsJsonAsync(
            new Uri($"/api/clinics/{clinic}/message-templates/{kind}/{channel}", UriKind.Relative),
            body
        );

    [Fact]
    public async Task List_ShowsTheBuiltInWording_WithTheContentChecksVerdict()
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;

        var reminder = await OneAsync(admin, clinic, "Reminder", "Sms");

        Assert.True(reminder.GetProperty("builtIn").GetBoolean());
        Assert.True(reminder.GetProperty("discreet").GetBoolean());
        Assert.Contains("{{ clinic }}", reminder.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("en", reminder.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Save_ReplacesTheWording_AndResetBringsTheBuiltInBack()
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;

        var saved = await PutAsync(
            admin,
            clinic,
            "Reminder",
            "Sms",
            new { body = "{{ clinic }}: see you {{ date }} at {{ time }}. Reply C to confirm." }
        );

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var mine = await OneAsync(admin, clinic, "Reminder", "Sms");
        Assert.False(mine.GetProperty("builtIn").GetBoolean());
        Assert.Equal(
            "{{ clinic }}: see you {{ date }} at {{ time }}. Reply C to confirm.",
            mine.GetProperty("body").GetString()
        );
        Assert.Equal(
            HttpStatusCode.NoContent,
            (
                await admin.DeleteAsync(
                    new Uri($"/api/clinics/{clinic}/message-templates/Reminder/Sms", UriKind.Relative)
                )
            ).StatusCode
        );
        Assert.True((await OneAsync(admin, clinic, "Reminder", "Sms")).GetProperty("builtIn").GetBoolean());
        await (
            await admin.DeleteAsync(new Uri($"/api/clinics/{clinic}/message-templates/Reminder/Sms", UriKind.Relative))
        ).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Sms", null, "Your ketamine visit is on {{ date }}.", "body", "ketamine")]
    [InlineData("Email", "Your depression care on {{ date }}", "Hello {{ first_name }}", "subject", "depression")]
    [InlineData("Sms", null, "{{ clinic }}: your visit is {{ when }}.", "body", "{{ when }}")]
    [InlineData("Sms", null, "{{ clinic ", "body", "does not parse")]
    [InlineData("Email", null, "Hello {{ first_name }}", "subject", "needs a subject")]
    [InlineData("Sms", "A subject", "{{ clinic }}", "subject", "no subject")]
    public async Task Save_Returns400AndKeepsTheOldWording_WhenTheTemplateIsRefused(
        string channel,
        string? subject,
        string body,
        string field,
        string expected
    )
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;

        var problem = await (await PutAsync(admin, clinic, "Reminder", channel, new { subject, body })).ProblemAsync(
            HttpStatusCode.BadRequest
        );

        var messages = problem
            .GetProperty("errors")
            .GetProperty(field)
            .EnumerateArray()
            .Select(m => m.GetString()!)
            .ToList();
        Assert.Contains(messages, m => m.Contains(expected, StringComparison.OrdinalIgnoreCase));
        Assert.True((await OneAsync(admin, clinic, "Reminder", channel)).GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task Save_Returns400ForAnUnknownKindOrLanguage_And404ForAnUnknownClinic()
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;

        var badKind = await (
            await PutAsync(admin, clinic, "Birthday", "Carrier-pigeon", new { body = "{{ clinic }}" })
        ).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["channel", "kind"], badKind.ErrorFields().Order(StringComparer.Ordinal));
        var badLanguage = await (
            await PutAsync(admin, clinic, "Reminder", "Sms", new { language = "english please", body = "{{ clinic }}" })
        ).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["language"], badLanguage.ErrorFields());
        await (
            await PutAsync(admin, Guid.NewGuid().ToString(), "Reminder", "Sms", new { body = "{{ clinic }}" })
        ).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Save_IsForAdminsOnly()
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;
        using var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        var response = await PutAsync(desk, clinic, "Reminder", "Sms", new { body = "{{ clinic }}" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await OneAsync(admin, clinic, "Reminder", "Sms")).GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task List_InAnotherLanguage_ShowsWhatAPatientOfThatLanguageGets_TheClinicsEnglishBeforeTheBuiltIn()
    {
        var (admin, clinic) = await ClinicAsync();
        using var _ = admin;
        const string english = "{{ clinic }}: see you {{ date }} at {{ time }}. Reply C to confirm.";
        const string spanish = "{{ clinic }}: le esperamos el {{ date }} a las {{ time }}. Responda C.";
        Assert.Equal(
            HttpStatusCode.OK,
            (await PutAsync(admin, clinic, "Reminder", "Sms", new { body = english })).StatusCode
        );

        var beforeSpanish = await OneInAsync(admin, clinic, "es", "Reminder", "Sms");
        var otherKind = await OneInAsync(admin, clinic, "es", "CancelNotice", "Sms");
        var saved = await PutAsync(admin, clinic, "Reminder", "Sms", new { language = "es", body = spanish });
        var afterSpanish = await OneInAsync(admin, clinic, "es", "Reminder", "Sms");

        Assert.Equal((false, "en", english), Shown(beforeSpanish));
        Assert.True(otherKind.GetProperty("builtIn").GetBoolean());
        Assert.Equal("en", otherKind.GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal((false, "es", spanish), Shown(afterSpanish));
        Assert.Equal((false, "en", english), Shown(await OneAsync(admin, clinic, "Reminder", "Sms")));
    }

    private static (bool BuiltIn, string? Language, string? Body) Shown(JsonElement wording) =>
        (
            wording.GetProperty("builtIn").GetBoolean(),
            wording.GetProperty("language").GetString(),
            wording.GetProperty("body").GetString()
        );

    private static async Task<JsonElement> OneInAsync(
        HttpClient client,
        string clinic,
        string language,
        string kind,
        string channel
    )
    {
        var all = await client.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/clinics/{clinic}/message-templates?language={language}", UriKind.Relative)
        );
        return all.EnumerateArray()
            .Single(t => t.GetProperty("kind").GetString() == kind && t.GetProperty("channel").GetString() == channel);
    }
}
