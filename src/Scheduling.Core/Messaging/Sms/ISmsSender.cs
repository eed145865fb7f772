namespace Scheduling.Core.Messaging.Sms;

/// <summary>Hands one SMS to the provider; never throws for an outcome it can classify.</summary>
public interface ISmsSender
{
    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>One SMS; To is an E.164 phone number.</summary>
public sealed record SmsMessage(Guid MessageId, string To, string Body);
