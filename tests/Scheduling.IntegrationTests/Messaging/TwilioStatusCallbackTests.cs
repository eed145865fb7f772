using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Sms;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.IntegrationTests.Messaging;

/// <summary>
/// The fake server's status callbacks carry a signature that <see cref="TwilioSignature"/> (the SDK's
/// RequestValidator) accepts; a server holding another auth token is refused. This is what the webhook
/// tests will rely on.
/// </summary>
public sealed class TwilioStatusCallbackTests : IAsyncLifetime
{
    private readonly List<string> _statuses = [];
    private WebApplication _receiver = null!;
    private string _receiverUrl = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" }
        );
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost(
            PublicUrlOptions.StatusCallbackPath,
            async (HttpRequest request, CancellationToken cancellationToken) =>
            {
                if (!await Signature(_receiverUrl).IsValidAsync(request, cancellationToken))
                {
                    return Results.StatusCode(StatusCodes.Status403Forbidden);
                }

                lock (_statuses)
                {
                    _statuses.Add(request.Form["MessageStatus"].ToString());
                }

                return Results.NoContent();
            }
        );
        await _receiver.StartAsync();
        _receiverUrl = _receiver
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task StatusCallbacks_AreAcceptedInOrder_WhenSignedWithTheAccountsToken()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var sid = await SendOneAsync(twilio);

        var answers = await twilio.SendStatusCallbacksAsync(sid, "sent", "delivered");

        Assert.Equal([204, 204], answers);
        Assert.Equal(["sent", "delivered"], _statuses);
    }

    [Fact]
    public async Task StatusCallbacks_AreRefused_WhenSignedWithAnotherToken()
    {
        await using var impostor = await FakeTwilioServer.StartAsync(authToken: "another-token");
        var sid = await SendOneAsync(impostor, "another-token");

        var answers = await impostor.SendStatusCallbacksAsync(sid, "delivered");

        Assert.Equal([403], answers);
        Assert.Empty(_statuses);
    }

    private async Task<string> SendOneAsync(
        FakeTwilioServer twilio,
        string authToken = FakeTwilioServer.DefaultAuthToken
    )
    {
        using var sender = new TwilioSmsSender(
            Options.Create(
                new SmsOptions
                {
                    Twilio = new TwilioOptions
                    {
                        AccountSid = twilio.AccountSid,
                        AuthToken = authToken,
                        From = "+15005550006",
                        ApiBaseUrl = twilio.BaseUrl,
                    },
                }
            ),
            Options.Create(new PublicUrlOptions { PublicBaseUrl = _receiverUrl }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TwilioSmsSender>.Instance
        );
        var result = await sender.SendAsync(
            new SmsMessage(Guid.CreateVersion7(), "+15551230001", "Harbor Clinic: reply C to confirm."),
            CancellationToken.None
        );
        Assert.Equal(SendStatus.Accepted, result.Status);
        return result.ProviderId!;
    }

    private static TwilioSignature Signature(string publicBaseUrl) =>
        new(
            Options.Create(
                new SmsOptions
                {
                    Twilio = new TwilioOptions
                    {
                        AccountSid = FakeTwilioServer.DefaultAccountSid,
                        AuthToken = FakeTwilioServer.DefaultAuthToken,
                    },
                }
            ),
            Options.Create(new PublicUrlOptions { PublicBaseUrl = publicBaseUrl })
        );
}
