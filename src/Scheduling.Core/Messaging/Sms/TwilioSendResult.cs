using Twilio.Exceptions;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Classifies Twilio's answers (https://www.twilio.com/docs/api/errors). An HTTP answer decides when
/// there is one; without one it is whether the request body had been written: before that Twilio cannot
/// have the message (transient), after it Twilio may have queued it and the answer was lost (unknown).
/// </summary>
internal static class TwilioSendResult
{
    public const int OptedOut = 21610;

    /// <summary>"Authenticate": the account SID or auth token is wrong.</summary>
    public const int AuthenticationFailed = 20003;

    /// <summary>
    /// Codes that mean "this number cannot get an SMS": invalid, not a mobile, not a phone number at all.
    /// </summary>
    private static readonly HashSet<int> InvalidAddress = [21211, 21217, 21401, 21614];

    public static SendResult FromHttpError(int status, int code, string message, string recipient)
    {
        var error = Redact(message, recipient);
        var errorCode = code != 0 ? $"Twilio {code}" : $"HTTP {status}";
        // 401 is our credentials, not the message: like a refused SMTP login it is retried until the deadline
        // while ops fix it, rather than sending every message to its fallback channel, and marked for the watchdog.
        if (status == 401 || code == AuthenticationFailed)
        {
            return SendResult.AuthenticationRefused(error, errorCode);
        }

        if (status is 0 or 429 or >= 500)
        {
            return SendResult.Transient(error, errorCode);
        }

        var reason =
            code == OptedOut ? PermanentReason.OptedOut
            : InvalidAddress.Contains(code) ? PermanentReason.InvalidAddress
            : PermanentReason.Rejected;
        return SendResult.Permanent(reason, error, errorCode);
    }

    public static SendResult FromException(TwilioException exception, bool bodyWritten, string recipient) =>
        exception switch
        {
            // The SDK wraps an unreadable 2xx answer as ApiException around the JSON error: Twilio has the message, we
            // lack its id.
            ApiException { InnerException: Newtonsoft.Json.JsonException } => SendResult.Unknown(
                $"Twilio's answer could not be read: {exception.Message}",
                "Twilio unreadable"
            ),
            ApiException api => FromHttpError(api.Status, api.Code, api.Message, recipient),
            ApiStandardException standard => FromHttpError(standard.Status, standard.Code, standard.Message, recipient),
            _ when bodyWritten => SendResult.Unknown(
                $"No answer after the request was sent: {Describe(exception)}",
                "Twilio no answer"
            ),
            _ => SendResult.Transient($"The request did not reach Twilio: {Describe(exception)}", "Twilio connection"),
        };

    /// <summary>The SDK's own message names only the URL; the cause is in the inner exceptions.</summary>
    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception)
            ? exception.Message
            : $"{innermost.GetType().Name}: {innermost.Message}";
    }

    private static string Redact(string text, string recipient) =>
        string.IsNullOrEmpty(recipient) ? text : text.Replace(recipient, "<recipient>", StringComparison.Ordinal);
}
