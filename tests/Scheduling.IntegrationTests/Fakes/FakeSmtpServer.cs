using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// A real SMTP server (the SmtpServer library) on a free loopback port, in this process. It keeps every
/// message it takes, parsed with MimeKit, and fails on cue: per recipient, per n-th message (counted by
/// MAIL FROM, from 1) or for the next connections. With a user, it requires AUTH. A delay before each
/// reply to DATA makes it as slow as a busy provider.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private const string MessageNumberKey = "fake:message-number";

    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly ConcurrentDictionary<string, SmtpFailure> _byRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, SmtpFailure> _byMessage = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _stalls = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private int _messages;
    private int _sessions;
    private int _connectionsToRefuse;

    private FakeSmtpServer(string? user, string? password)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("fake-smtp.test")
            .Endpoint(endpoint =>
                endpoint
                    .Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                    .AuthenticationRequired(user is not null)
                    .AllowUnsecureAuthentication(true)
            )
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add((IMailboxFilterFactory)new Filter(this));
        services.Add(new DelegatingUserAuthenticator((u, p) => u == user && p == password));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += OnSessionCreated;
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>How many connections were opened to this server.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public IReadOnlyList<ReceivedEmail> Received => [.. _received];

    /// <summary>
    /// How long the server takes over each message it has read in full before storing it and replying; set it before
    /// sending starts.
    /// </summary>
    public TimeSpan DataDelay { get; set; }

    public static FakeSmtpServer Start(string? user = null, string? password = null) => new(user, password);

    public void FailRecipient(string address, SmtpFailure failure) => _byRecipient[address] = failure;

    /// <summary>Accepts mail for this address again.</summary>
    public void Heal(string address)
    {
        _byRecipient.TryRemove(address, out _);
        _stalls.TryRemove(address, out _);
    }

    /// <summary>
    /// Messages to this address are read in full, then answered only after <paramref name="delay"/> (a stalled
    /// provider); <see cref="Heal"/> ends it.
    /// </summary>
    public void StallRecipient(string address, TimeSpan delay) => _stalls[address] = delay;

    public void FailMessage(int number, SmtpFailure failure) => _byMessage[number] = failure;

    /// <summary>
    /// A failure for every message while set (a provider outage); per-recipient and per-message failures come first.
    /// </summary>
    public SmtpFailure? Outage { get; set; }

    /// <summary>The next <paramref name="count"/> connections are greeted with 421 and closed.</summary>
    public void RefuseConnections(int count) => Interlocked.Exchange(ref _connectionsToRefuse, count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException) { }

        _stop.Dispose();
    }

    private void OnSessionCreated(object? sender, SessionEventArgs e)
    {
        Interlocked.Increment(ref _sessions);
        if (Interlocked.Decrement(ref _connectionsToRefuse) < 0)
        {
            Interlocked.Increment(ref _connectionsToRefuse);
            return;
        }

        // Before the library writes its 220 greeting: answer 421 and hang up, as a server at capacity does.
        e.Context.Pipe.Output.Write("421 4.3.2 Service not available, closing transmission channel\r\n"u8);
        e.Context.Pipe.Output.FlushAsync().AsTask().GetAwaiter().GetResult();
        e.Context.Pipe.Dispose();
    }

    private SmtpFailure? FailureFor(ISessionContext context, string? recipient) =>
        recipient is not null && _byRecipient.TryGetValue(recipient, out var byRecipient) ? byRecipient
        : context.Properties.TryGetValue(MessageNumberKey, out var number)
        && _byMessage.TryGetValue((int)number, out var byMessage)
            ? byMessage
        : Outage;

    private static SmtpResponseException Reply(int code, string text, bool quit = false) =>
        new(new SmtpResponse((SmtpReplyCode)code, text), quit);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Filter(FakeSmtpServer server) : IMailboxFilter, IMailboxFilterFactory
    {
        public IMailboxFilter CreateInstance(ISessionContext context) => this;

        public Task<bool> CanAcceptFromAsync(
            ISessionContext context,
            IMailbox from,
            int size,
            CancellationToken cancellationToken
        )
        {
            context.Properties[MessageNumberKey] = Interlocked.Increment(ref server._messages);
            return server.FailureFor(context, null) == SmtpFailure.ServiceNotAvailableAtMail
                ? throw Reply(421, "4.3.2 Service not available, closing transmission channel", quit: true)
                : Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(
            ISessionContext context,
            IMailbox to,
            IMailbox from,
            CancellationToken cancellationToken
        ) =>
            server.FailureFor(context, to.AsAddress()) switch
            {
                SmtpFailure.TemporaryAtRecipient => throw Reply(451, "4.3.0 Requested action aborted: try again later"),
                SmtpFailure.MailboxUnavailable => throw Reply(550, "5.1.1 Mailbox unavailable"),
                _ => Task.FromResult(true),
            };
    }

    private sealed class Store(FakeSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken
        )
        {
            var recipients = transaction.To.Select(t => t.AsAddress()).ToList();
            var failure = recipients.Select(r => server.FailureFor(context, r)).FirstOrDefault(f => f is not null)
                ?? server.FailureFor(context, null);
            if (failure == SmtpFailure.TemporaryAtData)
            {
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Message not accepted: try again later");
            }

            var delay = recipients.Select(r => server._stalls.GetValueOrDefault(r)).Append(server.DataDelay).Max();
            if (delay > TimeSpan.Zero)
            {
                // The client has handed the message over and waits for the answer: a client that dies now
                // never learns that the message was taken.
                await Task.Delay(delay, CancellationToken.None);
            }

            // The whole message is in memory already: the synchronous parser reads it without an await per buffer.
            using var stream = new MemoryStream(buffer.ToArray(), writable: false);
            var message = MimeMessage.Load(stream, cancellationToken);
            server._received.Enqueue(
                new ReceivedEmail(
                    message,
                    transaction.From.AsAddress(),
                    recipients,
                    (int)context.Properties[MessageNumberKey],
                    DateTimeOffset.UtcNow
                )
            );
            if (failure == SmtpFailure.DropAfterData)
            {
                // The message is stored, but the client never hears so: the "unknown" outcome.
                context.Pipe.Dispose();
            }

            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// A message the fake took; Number is which one it was on the server, counted by MAIL FROM from 1; At is when it was
/// stored.
/// </summary>
public sealed record ReceivedEmail(
    MimeMessage Message,
    string From,
    IReadOnlyList<string> To,
    int Number,
    DateTimeOffset At
);

public enum SmtpFailure
{
    /// <summary>421 in reply to MAIL FROM, then the server closes the connection.</summary>
    ServiceNotAvailableAtMail,

    /// <summary>451 in reply to RCPT TO.</summary>
    TemporaryAtRecipient,

    /// <summary>451 in reply to the end of DATA: the message was sent in full and refused.</summary>
    TemporaryAtData,

    /// <summary>550 in reply to RCPT TO.</summary>
    MailboxUnavailable,

    /// <summary>The message is received and stored, then the connection is closed without a reply.</summary>
    DropAfterData,
}
