using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// Twilio's Messages API on a free loopback port (Kestrel, in this process), held to Twilio's own OpenAPI
/// definition: a request is checked against the operation's path parameters and form schema, then
/// against the rules the definition's descriptions state (<see cref="TwilioMessageRules"/>); answers use
/// the definition's message and error shapes. Basic auth with the account sid and auth token. It fails on
/// cue, records what it accepted, and can post signed status callbacks the way Twilio does.
/// </summary>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    public const string DefaultAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string DefaultAuthToken = "fake-twilio-auth-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TwilioRecordedMessage> _messages = new();
    private readonly ConcurrentQueue<TwilioRecordedMessage> _order = new();
    private readonly ConcurrentDictionary<string, TwilioFailure> _byRecipient = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TwilioFailure> _next = new();
    private readonly HttpClient _callbacks = new();
    private HttpClient? _callbacksThroughHandler;

    private FakeTwilioServer(string accountSid, string authToken)
    {
        AccountSid = accountSid;
        AuthToken = authToken;
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" }
        );
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost(TwilioApiDefinition.MessagesPath, CreateAsync);
        _app.MapGet(TwilioApiDefinition.MessagePath, Fetch);
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>What Sms__Twilio__ApiBaseUrl is set to for this server.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<TwilioRecordedMessage> Messages => [.. _order];

    public static TwilioApiDefinition Definition => TwilioApiDefinition.Instance;

    public static async Task<FakeTwilioServer> StartAsync(
        string accountSid = DefaultAccountSid,
        string authToken = DefaultAuthToken
    )
    {
        var server = new FakeTwilioServer(accountSid, authToken);
        await server._app.StartAsync();
        server.BaseUrl = server
            ._app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return server;
    }

    public void FailRecipient(string to, TwilioFailure failure) => _byRecipient[to] = failure;

    /// <summary>Accepts messages to this number again.</summary>
    public void Heal(string to) => _byRecipient.TryRemove(to, out _);

    /// <summary>
    /// A failure for every request while set (a provider outage); per-recipient and queued failures come first.
    /// </summary>
    public TwilioFailure? Outage { get; set; }

    /// <summary>Status callbacks go through this handler (e.g. a test server's) instead of the network.</summary>
    public void SendCallbacksThrough(HttpMessageHandler handler)
    {
        _callbacksThroughHandler?.Dispose();
        _callbacksThroughHandler = new HttpClient(handler, disposeHandler: false);
    }

    public void FailNext(TwilioFailure failure, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _next.Enqueue(failure);
        }
    }

    /// <summary>
    /// Posts one signed status callback per status, in order, to the message's StatusCallback; returns the answers'
    /// status codes.
    /// </summary>
    public async Task<IReadOnlyList<int>> SendStatusCallbacksAsync(string sid, params string[] statuses)
    {
        var message = _messages[sid];
        var url = message.Form["StatusCallback"];
        var answers = new List<int>();
        foreach (var status in statuses)
        {
            message.Status = status;
            var form = new Dictionary<string, string>
            {
                ["AccountSid"] = AccountSid,
                ["ApiVersion"] = "2010-04-01",
                ["MessageSid"] = sid,
                ["SmsSid"] = sid,
                ["MessageStatus"] = status,
                ["SmsStatus"] = status,
                ["To"] = message.To,
                ["From"] = message.Form.GetValueOrDefault("From") ?? "+15005550006",
            };
            if (status is "failed" or "undelivered")
            {
                form["ErrorCode"] = "30003";
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new FormUrlEncodedContent(form),
            };
            request.Headers.Add("X-Twilio-Signature", TwilioRequestSigner.Sign(AuthToken, url, form));
            using var response = await (_callbacksThroughHandler ?? _callbacks).SendAsync(request);
            answers.Add((int)response.StatusCode);
        }

        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _callbacks.Dispose();
        _callbacksThroughHandler?.Dispose();
    }

    private async Task<IResult> CreateAsync(HttpContext context, string accountSid)
    {
        if (Refuse(context, accountSid) is { } refused)
        {
            return refused;
        }

        if (!context.Request.HasFormContentType)
        {
            return Error(
                TwilioError.BadRequest(
                    TwilioMessageRules.InvalidParameter,
                    "Expected an application/x-www-form-urlencoded body."
                )
            );
        }

        var form = await context.Request.ReadFormAsync();
        var violations = Definition.Schemas.ValidateForm(Definition.CreateMessageForm, form);
        if (violations.Count > 0)
        {
            return Error(TwilioMessageRules.ForSchemaViolation(violations[0]));
        }

        if (TwilioMessageRules.Check(form) is { } broken)
        {
            return Error(broken);
        }

        var to = form["To"].ToString();
        var failure =
            _byRecipient.TryGetValue(to, out var byRecipient) ? byRecipient
            : _next.TryDequeue(out var next) ? next
            : Outage;
        switch (failure)
        {
            case TwilioFailure.TooManyRequests:
                return Error(new TwilioError(429, 20429, "Too Many Requests"));
            case TwilioFailure.ServerError:
                return Error(new TwilioError(500, 20500, "Internal Server Error"));
            case TwilioFailure.OptedOut:
                return Error(TwilioError.BadRequest(21610, "Attempt to send to unsubscribed recipient"));
            case TwilioFailure.InvalidTo:
                return Error(TwilioError.BadRequest(21211, $"The 'To' number {to} is not a valid phone number."));
        }

        var message = new TwilioRecordedMessage(
            NewSid(),
            form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal),
            DateTimeOffset.UtcNow
        );
        _messages[message.Sid] = message;
        _order.Enqueue(message);
        if (failure == TwilioFailure.DropConnection)
        {
            // Queued, but the answer never leaves: the client cannot know the message went out.
            context.Abort();
            return Results.Empty;
        }

        return Results.Json(Resource(message), statusCode: StatusCodes.Status201Created);
    }

    private IResult Fetch(HttpContext context, string accountSid, string sid)
    {
        if (Refuse(context, accountSid) is { } refused)
        {
            return refused;
        }

        var sidProblems = Definition.Schemas.ValidateText(
            "Sid",
            Definition.PathParameter(TwilioApiDefinition.MessagePath, "get", "Sid"),
            sid
        );
        return sidProblems.Count == 0 && _messages.TryGetValue(sid, out var message)
            ? Results.Json(Resource(message))
            : Error(
                new TwilioError(
                    404,
                    20404,
                    $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found"
                )
            );
    }

    /// <summary>
    /// 401 without the account's credentials; 404 for an account path the definition rejects or that is not this
    /// account.
    /// </summary>
    private IResult? Refuse(HttpContext context, string accountSid)
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (
            !AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var auth)
            || auth.Scheme != "Basic"
            || auth.Parameter != expected
        )
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return Error(new TwilioError(401, 20003, "Authenticate"));
        }

        var problems = Definition.Schemas.ValidateText(
            "AccountSid",
            Definition.PathParameter(TwilioApiDefinition.MessagesPath, "post", "AccountSid"),
            accountSid
        );
        return problems.Count == 0 && accountSid == AccountSid
            ? null
            : Error(
                new TwilioError(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid} was not found")
            );
    }

    private Dictionary<string, object?> Resource(TwilioRecordedMessage message)
    {
        var uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{message.Sid}.json";
        var body = message.Form.GetValueOrDefault("Body");
        return new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = body,
            ["date_created"] = Rfc2822(message.Created),
            ["date_sent"] = message.Status is "queued" or "accepted" ? null : Rfc2822(message.Created),
            ["date_updated"] = Rfc2822(message.Created),
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = message.Form.GetValueOrDefault("From"),
            ["num_media"] = "0",
            ["num_segments"] = Math.Max(1, ((body?.Length ?? 0) + 152) / 153).ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = null,
            ["messaging_service_sid"] = message.Form.GetValueOrDefault("MessagingServiceSid"),
            ["sid"] = message.Sid,
            ["status"] = message.Status,
            ["subresource_uris"] = new Dictionary<string, string>
            {
                ["media"] = uri.Replace(".json", "/Media.json", StringComparison.Ordinal),
            },
            ["to"] = message.To,
            ["uri"] = uri,
        };
    }

    private static IResult Error(TwilioError error) => Results.Json(error.Body, statusCode: error.Status);

    private static string NewSid() => "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Rfc2822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}

/// <summary>A message the fake accepted: its sid and the form fields exactly as the client sent them.</summary>
public sealed record TwilioRecordedMessage(string Sid, IReadOnlyDictionary<string, string> Form, DateTimeOffset Created)
{
    public string To => Form["To"];

    public string Status { get; set; } = "queued";
}

public enum TwilioFailure
{
    /// <summary>HTTP 429, code 20429.</summary>
    TooManyRequests,

    /// <summary>HTTP 500, code 20500.</summary>
    ServerError,

    /// <summary>HTTP 400, code 21610: the recipient replied STOP.</summary>
    OptedOut,

    /// <summary>HTTP 400, code 21211.</summary>
    InvalidTo,

    /// <summary>The message is queued, then the connection is cut before the answer.</summary>
    DropConnection,
}
