using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Sends SMS through the Twilio SDK with a client of its own, built from options (never the global
/// TwilioClient.Init, which would be shared by everything in the process). The SDK's calls take no
/// cancellation token, so the caller's token reaches the HTTP request through <see cref="TwilioRequestScope"/>.
/// </summary>
public sealed partial class TwilioSmsSender : ISmsSender, IDisposable
{
    private readonly TwilioOptions _options;
    private readonly Uri? _statusCallback;
    private readonly System.Net.Http.HttpClient _http;
    private readonly TwilioRestClient _client;
    private readonly ILogger<TwilioSmsSender> _logger;

    public TwilioSmsSender(IOptions<SmsOptions> sms, IOptions<PublicUrlOptions> urls, ILogger<TwilioSmsSender> logger)
    {
        _options = sms.Value.Twilio;
        _statusCallback = urls.Value.StatusCallbackUrl is { } callback ? new Uri(callback) : null;
        _logger = logger;
        var handler = new TwilioApiHandler(new Uri(_options.ApiBaseUrl))
        {
            InnerHandler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
        };
        _http = new System.Net.Http.HttpClient(handler) { Timeout = _options.Timeout };
        _client = new TwilioRestClient(
            _options.AccountSid,
            _options.AuthToken,
            httpClient: new SystemNetHttpClient(_http)
        );
    }

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var create = new CreateMessageOptions(new PhoneNumber(message.To))
        {
            Body = message.Body,
            StatusCallback = _statusCallback,
            ValidityPeriod = (int)_options.ValidityPeriod.TotalSeconds,
        };
        if (!string.IsNullOrEmpty(_options.MessagingServiceSid))
        {
            create.MessagingServiceSid = _options.MessagingServiceSid;
        }

        if (!string.IsNullOrEmpty(_options.From))
        {
            create.From = new PhoneNumber(_options.From);
        }

        using var scope = TwilioRequestScope.Begin(cancellationToken);
        SendResult result;
        try
        {
            var created = await MessageResource.CreateAsync(create, _client);
            result = SendResult.Accepted(created.Sid);
        }
        catch (TwilioException ex)
        {
            if (cancellationToken.IsCancellationRequested && !scope.BodyWritten)
            {
                throw new OperationCanceledException(
                    "The send was cancelled before the request reached Twilio.",
                    ex,
                    cancellationToken
                );
            }

            result = TwilioSendResult.FromException(ex, scope.BodyWritten, message.To);
        }

        LogOutcome(message.MessageId, result.Status, result.ErrorCode, result.ProviderId);
        return result;
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS {MessageId}: {Status} {ErrorCode} {ProviderId}")]
    private partial void LogOutcome(Guid messageId, SendStatus status, string? errorCode, string? providerId);
}
