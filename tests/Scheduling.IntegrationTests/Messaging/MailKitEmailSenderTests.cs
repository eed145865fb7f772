using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Calendar;
using Scheduling.Core.Messaging.Email;
using Scheduling.IntegrationTests.Fakes;
using IcalCalendar = Ical.Net.Calendar;

namespace Scheduling.IntegrationTests.Messaging;

/// <summary>
/// The MailKit adapter against a real SMTP server in this process. Boundaries: a reply of 421, 451 or
/// 550 at each stage; no server at all; a connection dropped after the end of DATA (unknown); reuse.
/// </summary>
public sealed class MailKitEmailSenderTests : IAsyncLifetime
{
    private const string Patient = "patient@example.test";

    private readonly FakeSmtpServer _server = FakeSmtpServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_IsAcceptedWithEveryPart_WhenServerTakesTheMessage()
    {
        await using var sender = Sender(_server.Port);
        var message = Email(Patient, Invite(InviteMethod.Request));

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.Equal($"{message.MessageId}@scheduling", result.ProviderId);
        var received = Assert.Single(_server.Received).Message;
        Assert.Equal(message.Subject, received.Subject);
        Assert.Equal($"{message.MessageId}@scheduling", received.MessageId);
        Assert.Equal(message.TextBody, received.TextBody?.TrimEnd());
        Assert.Equal(message.HtmlBody, received.HtmlBody?.TrimEnd());

        var inline = received.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", inline.ContentType.Parameters["method"]);
        var attachment = received.Attachments.OfType<MimePart>().Single();
        Assert.Equal(MimeMessageFactory.InviteFileName, attachment.FileName);
        using var ics = new MemoryStream();
        await attachment.Content!.DecodeToAsync(ics);
        ics.Position = 0;
        var calendar = IcalCalendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        var appointment = Assert.Single(calendar.Events);
        Assert.Equal(message.Invite!.Uid, appointment.Uid);
        Assert.Equal(9, appointment.DtStart!.Hour);
    }

    [Fact]
    public async Task SendAsync_SendsOnlyText_WhenThereIsNoHtmlNorInvite()
    {
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(
            Email(Patient, invite: null) with
            {
                HtmlBody = null,
            },
            CancellationToken.None
        );

        Assert.Equal(SendStatus.Accepted, result.Status);
        var received = Assert.Single(_server.Received).Message;
        Assert.True(received.Body is TextPart { IsPlain: true });
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenServerGreetsWith421()
    {
        _server.RefuseConnections(1);
        await using var sender = Sender(_server.Port);

        var refused = await sender.SendAsync(Email(Patient), CancellationToken.None);
        var next = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, refused.Status);
        Assert.Equal("SMTP 421", refused.ErrorCode);
        Assert.Equal(SendStatus.Accepted, next.Status);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenMailFromGets421()
    {
        _server.FailMessage(1, SmtpFailure.ServiceNotAvailableAtMail);
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Empty(_server.Received);
        Assert.Equal(SendStatus.Accepted, (await sender.SendAsync(Email(Patient), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenRecipientGets451()
    {
        _server.FailRecipient(Patient, SmtpFailure.TemporaryAtRecipient);
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal("SMTP 451", result.ErrorCode);
        Assert.DoesNotContain(Patient, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenEndOfDataGets451()
    {
        _server.FailMessage(1, SmtpFailure.TemporaryAtData);
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal("SMTP 451", result.ErrorCode);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task SendAsync_IsPermanentMailboxUnavailable_WhenRecipientGets550()
    {
        _server.FailRecipient("gone@example.test", SmtpFailure.MailboxUnavailable);
        await using var sender = Sender(_server.Port, connections: 1);

        var result = await sender.SendAsync(Email("gone@example.test"), CancellationToken.None);
        var next = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Equal(PermanentReason.MailboxUnavailable, result.Reason);
        Assert.Equal("SMTP 550", result.ErrorCode);
        Assert.Equal(SendStatus.Accepted, next.Status);
        Assert.Equal(1, _server.Sessions);
    }

    [Fact]
    public async Task SendAsync_IsUnknown_WhenConnectionDropsAfterTheWholeMessageWasSent()
    {
        _server.FailMessage(1, SmtpFailure.DropAfterData);
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(Email(Patient), CancellationToken.None);
        var next = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Unknown, result.Status);
        Assert.Null(result.ProviderId);
        Assert.Equal(2, _server.Received.Count);
        Assert.Equal(SendStatus.Accepted, next.Status);
        Assert.Equal(2, _server.Sessions);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenNothingListens()
    {
        await using var sender = Sender(ClosedPort());

        var result = await sender.SendAsync(Email(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal("SMTP connection", result.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_ReusesOneConnection_ForMessagesInSequence()
    {
        await using var sender = Sender(_server.Port);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SendStatus.Accepted, (await sender.SendAsync(Email(Patient), CancellationToken.None)).Status);
        }

        Assert.Equal(5, _server.Received.Count);
        Assert.Equal(1, _server.Sessions);
    }

    [Fact]
    public async Task SendAsync_OpensAtMostThePoolSize_WhenMessagesRunInParallel()
    {
        await using var sender = Sender(_server.Port, connections: 3);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 12).Select(_ => sender.SendAsync(Email(Patient), CancellationToken.None))
        );

        Assert.All(results, r => Assert.Equal(SendStatus.Accepted, r.Status));
        Assert.Equal(12, _server.Received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.InRange(_server.Sessions, 1, 3);
    }

    [Fact]
    public async Task SendAsync_SignsIn_WhenUserIsSet()
    {
        await using var secured = FakeSmtpServer.Start("mailer", "s3cret");
        await using var sender = Sender(secured.Port, user: "mailer", password: "s3cret");
        await using var wrong = Sender(secured.Port, user: "mailer", password: "wrong");
        await using var anonymous = Sender(secured.Port);

        Assert.Equal(SendStatus.Accepted, (await sender.SendAsync(Email(Patient), CancellationToken.None)).Status);
        var refused = await wrong.SendAsync(Email(Patient), CancellationToken.None);
        Assert.Equal(SendStatus.Transient, refused.Status);
        Assert.Equal("SMTP auth", refused.ErrorCode);
        Assert.True(refused.ProviderAuthentication);
        Assert.Equal("SMTP auth", (await anonymous.SendAsync(Email(Patient), CancellationToken.None)).ErrorCode);
    }

    [Fact]
    public async Task SendAsync_IsPermanentInvalidAddress_WithoutConnecting_WhenMimeKitCannotReadTheRecipient()
    {
        await using var sender = Sender(_server.Port);

        var result = await sender.SendAsync(Email("jane(@example.com"), CancellationToken.None);

        Assert.Equal((SendStatus.Permanent, PermanentReason.InvalidAddress), (result.Status, result.Reason));
        Assert.Equal(0, _server.Sessions);
    }

    internal static MailKitEmailSender Sender(
        int port,
        int connections = 4,
        string? user = null,
        string? password = null
    ) =>
        new(
            Options.Create(
                new EmailOptions
                {
                    From = "clinic@example.test",
                    Smtp = new SmtpOptions
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Connections = connections,
                        User = user,
                        Password = password,
                        Timeout = TimeSpan.FromSeconds(10),
                    },
                }
            ),
            NullLogger<MailKitEmailSender>.Instance
        );

    internal static EmailMessage Email(string to, CalendarInvite? invite = null) =>
        new(
            Guid.CreateVersion7(),
            to,
            "Your appointment tomorrow",
            "See you tomorrow at 09:00.",
            "<p>See you tomorrow at <b>09:00</b>.</p>",
            invite
        );

    internal static CalendarInvite Invite(InviteMethod method) =>
        new(
            Guid.CreateVersion7(),
            1,
            method,
            new LocalDateTime(2026, 12, 1, 9, 0),
            new LocalDateTime(2026, 12, 1, 11, 0),
            "America/New_York",
            "Harbor Clinic",
            "1 Harbor Way, Boston",
            Instant.FromUtc(2026, 11, 20, 12, 0)
        );

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
