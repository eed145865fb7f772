using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// Classifies what went wrong while sending one message. The server's reply decides when there is one
/// (4xx transient, 5xx permanent); without a reply it is where the failure happened: before the
/// end-of-message mark left us, nothing can have been taken (transient); after it, the server may have
/// taken the message and only failed to say so (unknown).
/// </summary>
internal static class SmtpSendResult
{
    public static bool IsConnectionFailure(Exception exception) =>
        exception
            is IOException
                or SocketException
                or SmtpProtocolException
                or TimeoutException
                or ServiceNotConnectedException
                or OperationCanceledException;

    /// <summary>
    /// A failure while opening or signing in: about the server, never about this message, so always worth a retry.
    /// </summary>
    public static SendResult WhileConnecting(Exception exception) =>
        exception switch
        {
            SmtpCommandException { StatusCode: SmtpStatusCode.AuthenticationInvalidCredentials } command =>
                SendResult.AuthenticationRefused($"Signing in: {command.Message}", Code(command)),
            SmtpCommandException command => SendResult.Transient($"Connecting: {command.Message}", Code(command)),

            // A refused login or certificate is for ops to fix; retrying until the deadline gives them the time,
            // where a permanent failure would send every message to its fallback channel.
            AuthenticationException => SendResult.AuthenticationRefused(
                $"Signing in: {exception.Message}",
                "SMTP auth"
            ),
            SslHandshakeException => SendResult.Transient($"TLS: {exception.Message}", "SMTP tls"),
            _ => SendResult.Transient($"Connecting: {exception.Message}", "SMTP connection"),
        };

    public static SendResult WhileSending(Exception exception, bool messageHandedOver, string recipient)
    {
        if (
            exception is ServiceNotAuthenticatedException
            || exception is SmtpCommandException { StatusCode: SmtpStatusCode.AuthenticationInvalidCredentials }
        )
        {
            return SendResult.AuthenticationRefused($"Signing in: {exception.Message}", "SMTP auth");
        }

        if (exception is SmtpCommandException command)
        {
            var error = Redact(command.Message, recipient);
            var status = (int)command.StatusCode;
            if (status is >= 400 and < 500)
            {
                return SendResult.Transient(error, Code(command));
            }

            var reason =
                command.ErrorCode == SmtpErrorCode.RecipientNotAccepted
                    ? PermanentReason.MailboxUnavailable
                    : PermanentReason.Rejected;
            return SendResult.Permanent(reason, error, Code(command));
        }

        var message = Redact(exception.Message, recipient);
        return messageHandedOver
            ? SendResult.Unknown($"No reply after the message was handed over: {message}", "SMTP no reply")
            : SendResult.Transient(
                $"Connection failed before the message was handed over: {message}",
                "SMTP connection"
            );
    }

    private static string Code(SmtpCommandException exception) => $"SMTP {(int)exception.StatusCode}";

    private static string Redact(string text, string recipient) =>
        string.IsNullOrEmpty(recipient)
            ? text
            : text.Replace(recipient, "<recipient>", StringComparison.OrdinalIgnoreCase);
}
