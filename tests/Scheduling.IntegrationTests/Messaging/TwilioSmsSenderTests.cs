using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Sms;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.IntegrationTests.Messaging;

/// <summary>
/// The Twilio adapter, through the real SDK, against the fake Twilio server. Boundaries: 429 and 500
/// (transient), 21610 and 21211 (permanent, told apart), wrong credentials, no server, a connection cut
/// after Twilio queued the message (unknown), cancellation before the request.
/// </summary>
public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private const string Patient = "+15551230001";
    private const string PublicBaseUrl = "https://clinic.example.test";

    private FakeTwilioServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTwilioServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_IsAcceptedWithTheSid_WhenTwilioQueuesTheMessage()
    {
        using var sender = Sender(_server.BaseUrl);
        var sms = Sms(Patient);

        var result = await sender.SendAsync(sms, CancellationToken.None);

        Assert.Equal(SendStatus.Accepted, result.Status);
        var recorded = Assert.Single(_server.Messages);
        Assert.Equal(recorded.Sid, result.ProviderId);
        Assert.Equal(Patient, recorded.To);
        Assert.Equal(sms.Body, recorded.Form["Body"]);
        Assert.Equal("+15005550006", recorded.Form["From"]);
        Assert.Equal($"{PublicBaseUrl}/webhooks/twilio/status", recorded.Form["StatusCallback"]);
        Assert.Equal("14400", recorded.Form["ValidityPeriod"]);
    }

    [Fact]
    public async Task SendAsync_SendsThroughTheMessagingService_WhenOneIsConfiguredInsteadOfFrom()
    {
        using var sender = Sender(
            _server.BaseUrl,
            from: null,
            messagingServiceSid: "MG0123456789abcdef0123456789abcdef"
        );

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Accepted, result.Status);
        var recorded = Assert.Single(_server.Messages);
        Assert.False(recorded.Form.ContainsKey("From"));
        Assert.Equal("MG0123456789abcdef0123456789abcdef", recorded.Form["MessagingServiceSid"]);
    }

    [Theory]
    [InlineData(TwilioFailure.TooManyRequests, "Twilio 20429")]
    [InlineData(TwilioFailure.ServerError, "Twilio 20500")]
    public async Task SendAsync_IsTransient_WhenTwilioAsksToComeBackLater(TwilioFailure failure, string errorCode)
    {
        _server.FailNext(failure);
        using var sender = Sender(_server.BaseUrl);

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);
        var retry = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(errorCode, result.ErrorCode);
        Assert.Equal(SendStatus.Accepted, retry.Status);
    }

    [Theory]
    [InlineData(TwilioFailure.OptedOut, PermanentReason.OptedOut, "Twilio 21610")]
    [InlineData(TwilioFailure.InvalidTo, PermanentReason.InvalidAddress, "Twilio 21211")]
    public async Task SendAsync_IsPermanentWithItsReason_WhenTwilioRefusesTheRecipient(
        TwilioFailure failure,
        PermanentReason reason,
        string errorCode
    )
    {
        _server.FailRecipient(Patient, failure);
        using var sender = Sender(_server.BaseUrl);

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(errorCode, result.ErrorCode);
        Assert.DoesNotContain(Patient, result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenTheAuthTokenIsWrong()
    {
        using var sender = Sender(_server.BaseUrl, authToken: "wrong");

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal("Twilio 20003", result.ErrorCode);
        Assert.True(result.ProviderAuthentication);
    }

    [Fact]
    public async Task SendAsync_IsTransient_WhenNoServerListens()
    {
        using var sender = Sender($"http://127.0.0.1:{ClosedPort()}");

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal("Twilio connection", result.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_IsUnknown_WhenTheConnectionIsCutAfterTwilioQueuedTheMessage()
    {
        _server.FailNext(TwilioFailure.DropConnection);
        using var sender = Sender(_server.BaseUrl);

        var result = await sender.SendAsync(Sms(Patient), CancellationToken.None);

        Assert.Equal(SendStatus.Unknown, result.Status);
        Assert.Null(result.ProviderId);
        Assert.Single(_server.Messages);
    }

    [Fact]
    public async Task SendAsync_Throws_WhenCancelledBeforeTheRequest()
    {
        using var sender = Sender(_server.BaseUrl);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(Sms(Patient), cancelled.Token));
        Assert.Empty(_server.Messages);
    }

    internal static TwilioSmsSender Sender(
        string apiBaseUrl,
        string? from = "+15005550006",
        string? messagingServiceSid = null,
        string authToken = FakeTwilioServer.DefaultAuthToken
    ) =>
        new(
            Options.Create(
                new SmsOptions
                {
                    Twilio = new TwilioOptions
                    {
                        AccountSid = FakeTwilioServer.DefaultAccountSid,
                        AuthToken = authToken,
                        From = from,
                        MessagingServiceSid = messagingServiceSid,
                        ApiBaseUrl = apiBaseUrl,
                        Timeout = TimeSpan.FromSeconds(10),
                    },
                }
            ),
            Options.Create(new PublicUrlOptions { PublicBaseUrl = PublicBaseUrl }),
            NullLogger<TwilioSmsSender>.Instance
        );

    private static SmsMessage Sms(string to) =>
        new(
            Guid.CreateVersion7(),
            to,
            "Harbor Clinic: Tue 1 Dec 09:00. Reply C to confirm, R to reschedule, STOP to opt out."
        );

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
