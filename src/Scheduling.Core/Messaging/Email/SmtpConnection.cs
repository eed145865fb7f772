using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Scheduling.Core.Messaging.Email;

/// <summary>One SMTP client kept open between messages, with its own probe; used by one sender at a time.</summary>
internal sealed class SmtpConnection(SmtpOptions options) : IAsyncDisposable, IDisposable
{
    private readonly HandoverProbe _probe = new();
    private SmtpClient? _client;

    /// <summary>
    /// Whether the last message went over a connection that had already carried one (it may have gone stale).
    /// </summary>
    public bool Reused { get; private set; }

    public bool MessageHandedOver => _probe.MessageHandedOver;

    public async Task ConnectIfNeededAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            Reused = true;
            return;
        }

        await CloseAsync();
        Reused = false;
        _client = new SmtpClient(_probe) { Timeout = (int)options.Timeout.TotalMilliseconds };
        await _client.ConnectAsync(
            await OpenSocketAsync(cancellationToken),
            options.Host,
            options.Port,
            SocketOptions(options),
            cancellationToken
        );

        // BDAT sends the body without a terminator, which the probe needs; every server speaks DATA.
        _client.Capabilities &= ~(SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime);
        if (!options.Pipelining)
        {
            _client.Capabilities &= ~SmtpCapabilities.Pipelining;
        }

        if (!string.IsNullOrEmpty(options.User))
        {
            await _client.AuthenticateAsync(options.User, options.Password ?? string.Empty, cancellationToken);
        }
    }

    /// <summary>
    /// The connection MailKit talks over, opened here for one setting MailKit leaves alone: Nagle's algorithm
    /// off. SMTP without pipelining writes a command and waits for its answer, and MailKit writes the end of
    /// DATA as a small segment of its own; with Nagle on, that segment waits for the server's delayed
    /// acknowledgement of the one before (about 40 ms on Linux) whenever the body took more than one write.
    /// </summary>
    private async Task<Socket> OpenSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No connection to {options.Host}:{options.Port} within {options.Timeout}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message; MailKit throws for every refusal, which the caller classifies.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("Connect first.");
        _probe.Reset();
        return await client.SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// Drops the connection so the next message opens a new one (after 421, or when its state is in doubt).
    /// </summary>
    public async Task CloseAsync()
    {
        if (_client is null)
        {
            return;
        }

        var client = _client;
        _client = null;
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception ex)
            when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // Closing a connection that is already broken: nothing left to tell anyone.
        }
        finally
        {
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    /// <summary>For a container disposed synchronously: closes the socket without saying QUIT.</summary>
    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
    }

    private static SecureSocketOptions SocketOptions(SmtpOptions options) =>
        options switch
        {
            { UseTls: false } => SecureSocketOptions.None,
            { Port: SmtpOptions.ImplicitTlsPort } => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
}
