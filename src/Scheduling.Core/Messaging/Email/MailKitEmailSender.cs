using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// Sends email over a small pool of open SMTP connections (see <see cref="SmtpConnectionPool"/>). Every
/// outcome comes back as a <see cref="SendResult"/>; the only exception is the caller's own cancellation
/// before the message was handed over, which throws as usual. The provider id is our Message-ID.
/// </summary>
public sealed partial class MailKitEmailSender(IOptions<EmailOptions> options, ILogger<MailKitEmailSender> logger)
    : IEmailSender,
        IAsyncDisposable,
        IDisposable
{
    private readonly MailboxAddress _from = MailboxAddress.Parse(options.Value.From);
    private readonly SmtpConnectionPool _pool = new(options.Value.Smtp);

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = MimeMessageFactory.Create(message, _from);
        if (mime is null)
        {
            var invalid = SendResult.Permanent(
                PermanentReason.InvalidAddress,
                "The recipient's address cannot be read.",
                "Address"
            );
            LogOutcome(message.MessageId, invalid.Status, invalid.ErrorCode);
            return invalid;
        }

        var connection = await _pool.RentAsync(cancellationToken);
        try
        {
            var result = await SendOnAsync(connection, mime, message, cancellationToken);
            LogOutcome(message.MessageId, result.Status, result.ErrorCode);
            return result;
        }
        finally
        {
            _pool.Return(connection);
        }
    }

    private static async Task<SendResult> SendOnAsync(
        SmtpConnection connection,
        MimeMessage mime,
        EmailMessage message,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ConnectIfNeededAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ObjectDisposedException)
            {
                await connection.CloseAsync();
                return SmtpSendResult.WhileConnecting(ex);
            }

            try
            {
                await connection.SendAsync(mime, cancellationToken);
                return SendResult.Accepted(message.HeaderId);
            }
            catch (Exception ex)
                when (SmtpSendResult.IsConnectionFailure(ex)
                    || ex
                        is SmtpCommandException
                            or MailKit.Security.AuthenticationException
                            or MailKit.ServiceNotAuthenticatedException
                )
            {
                if (cancellationToken.IsCancellationRequested && !connection.MessageHandedOver)
                {
                    await connection.CloseAsync();
                    throw;
                }

                // After a clean refusal MailKit has reset the transaction and the connection is still good;
                // after 421 (the server is closing) or a broken connection, the next message opens a new one.
                if (ex is not SmtpCommandException { StatusCode: not SmtpStatusCode.ServiceNotAvailable })
                {
                    await connection.CloseAsync();
                }

                // A server may close a connection that sat idle; nothing was handed over, so one more try on a fresh
                // one is safe.
                if (
                    attempt == 1
                    && connection.Reused
                    && !connection.MessageHandedOver
                    && SmtpSendResult.IsConnectionFailure(ex)
                )
                {
                    continue;
                }

                return SmtpSendResult.WhileSending(ex, connection.MessageHandedOver, message.To);
            }
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    public void Dispose() => _pool.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId}: {Status} {ErrorCode}")]
    private partial void LogOutcome(Guid messageId, SendStatus status, string? errorCode);
}
