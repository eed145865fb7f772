using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Scheduling.Core.Messaging.Sms;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// The fake Twilio server accepts what Twilio's OpenAPI definition accepts and answers in its shapes.
/// Boundaries: To missing, no sender, no content, ValidityPeriod 0 / 36001 / not a number, a pattern and
/// an enum broken, an unknown field (the definition allows it), wrong credentials, the real SDK's request.
/// </summary>
public sealed class FakeTwilioServerContractTests : IAsyncLifetime
{
    private const string From = "+15005550006";
    private const string To = "+15551230001";

    private FakeTwilioServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeTwilioServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.AccountSid}:{_server.AuthToken}"))
        );
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Definition_RequiresOnlyTo_AndSaysNothingAgainstOtherFields()
    {
        var schema = FakeTwilioServer.Definition.CreateMessageForm;

        Assert.Equal(["To"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.False(schema.TryGetProperty("additionalProperties", out _));
    }

    [Fact]
    public async Task Create_IsAccepted_WhenTheRealSdkSendsAMessage()
    {
        var handler = new TwilioApiHandler(new Uri(_server.BaseUrl)) { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(handler);
        var client = new TwilioRestClient(
            _server.AccountSid,
            _server.AuthToken,
            httpClient: new Twilio.Http.SystemNetHttpClient(http)
        );

        var created = await MessageResource.CreateAsync(
            new CreateMessageOptions(new PhoneNumber(To))
            {
                From = new PhoneNumber(From),
                Body = "Reminder: Harbor Clinic, Tue 1 Dec 09:00. Reply C to confirm.",
                StatusCallback = new Uri("https://clinic.example.test/webhooks/twilio/status"),
                ValidityPeriod = 14400,
            },
            client
        );
        var fetched = await MessageResource.FetchAsync(new FetchMessageOptions(created.Sid), client);

        Assert.Matches("^SM[0-9a-f]{32}$", created.Sid);
        Assert.Equal(MessageResource.StatusEnum.Queued, created.Status);
        Assert.Equal(created.Sid, fetched.Sid);
        Assert.Equal(To, Assert.Single(_server.Messages).To);
    }

    [Fact]
    public async Task Create_AnswersInTheDefinitionsMessageShape()
    {
        using var response = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(
            FakeTwilioServer.Definition.Schemas.ValidateJson(FakeTwilioServer.Definition.Message, body.RootElement)
        );
        Assert.Equal(
            FakeTwilioServer.Definition.CreateMessageExample.EnumerateObject().Select(p => p.Name).Order(),
            body.RootElement.EnumerateObject().Select(p => p.Name).Order()
        );
        Assert.Equal("queued", body.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("To", null, 21604)]
    [InlineData("From", null, 21603)]
    [InlineData("Body", null, 21602)]
    [InlineData("ValidityPeriod", "0", TwilioMessageRules.InvalidParameter)]
    [InlineData("ValidityPeriod", "36001", TwilioMessageRules.InvalidParameter)]
    [InlineData("ValidityPeriod", "four hours", TwilioMessageRules.InvalidParameter)]
    [InlineData("StatusCallback", "not a url", 21609)]
    [InlineData("MessagingServiceSid", "MG123", TwilioMessageRules.InvalidParameter)]
    [InlineData("ContentRetention", "keep", TwilioMessageRules.InvalidParameter)]
    [InlineData("SmartEncoded", "yes", TwilioMessageRules.InvalidParameter)]
    [InlineData("To", "555-1234", 21211)]
    public async Task Create_IsRejectedInTheDefinitionsErrorShape_WhenAFieldBreaksTheContract(
        string field,
        string? value,
        int code
    )
    {
        var form = Form();
        form.Remove(field);
        if (value is not null)
        {
            form[field] = value;
        }

        using var response = await PostAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertErrorAsync(response, code);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task Create_IsAccepted_WithMessagingServiceSidInsteadOfFrom()
    {
        var form = Form();
        form.Remove("From");
        form["MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef";

        using var response = await PostAsync(form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_IsAccepted_WithAFieldTheDefinitionDoesNotName()
    {
        var form = Form();
        form["Colour"] = "blue";

        using var response = await PostAsync(form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_Is401_WithTheWrongAuthToken()
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.AccountSid}:wrong"))
        );

        using var response = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertErrorAsync(response, 20003);
    }

    [Fact]
    public async Task Fetch_Is404_ForASidNobodyCreated()
    {
        using var response = await _http.GetAsync(
            new Uri(
                $"/2010-04-01/Accounts/{_server.AccountSid}/Messages/SM00000000000000000000000000000000.json",
                UriKind.Relative
            )
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertErrorAsync(response, 20404);
    }

    private static Dictionary<string, string> Form() =>
        new()
        {
            ["To"] = To,
            ["From"] = From,
            ["Body"] = "Reminder: Harbor Clinic, Tue 1 Dec 09:00. Reply C to confirm.",
            ["StatusCallback"] = "https://clinic.example.test/webhooks/twilio/status",
            ["ValidityPeriod"] = "14400",
        };

    private async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await _http.PostAsync(
            new Uri($"/2010-04-01/Accounts/{_server.AccountSid}/Messages.json", UriKind.Relative),
            content
        );
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int code)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(
            FakeTwilioServer.Definition.Schemas.ValidateJson(FakeTwilioServer.Definition.Error, body.RootElement)
        );
        Assert.Equal(
            ["code", "message", "more_info", "status"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order()
        );
        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal((int)response.StatusCode, body.RootElement.GetProperty("status").GetInt32());
    }
}
