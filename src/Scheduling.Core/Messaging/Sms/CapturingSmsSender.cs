using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// The SMS adapter when no Twilio account is configured (local runs, demos): each message becomes a row in
/// captured_sms, which a person reads at /captured/sms, and counts as accepted.
/// </summary>
public sealed partial class CapturingSmsSender(
    IServiceScopeFactory scopes,
    IClock clock,
    IOptions<SmsOptions> options,
    ILogger<CapturingSmsSender> logger
) : ISmsSender
{
    public const string ProviderIdPrefix = "captured-";

    private readonly string _from = options.Value.Twilio.From is { Length: > 0 } from ? from : "local";

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var captured = new CapturedSms
        {
            To = message.To,
            From = _from,
            Body = message.Body,
            CapturedAt = clock.GetCurrentInstant(),
        };

        // A singleton like the Twilio adapter, so it takes a short-lived context of its own for each message.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.CapturedSms.Add(captured);
        await db.SaveChangesAsync(cancellationToken);

        var providerId = ProviderIdPrefix + captured.Id.ToString("N");
        LogCaptured(message.MessageId, providerId);
        return SendResult.Accepted(providerId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS {MessageId} captured as {ProviderId}")]
    private partial void LogCaptured(Guid messageId, string providerId);
}
