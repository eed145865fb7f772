using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.IntegrationTests.Fakes;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// The web host with real SMTP (in-process SmtpServer) and a Twilio-compatible server behind the real
/// Twilio SDK. No dispatcher loop runs: tests call a dispatch round themselves, after moving the clock.
/// </summary>
public class MessagingApp : SchedulingApp
{
    public const string PublicBaseUrl = "https://clinic.example.test";
    public const string SmsFrom = "+15005550006";

    private FakeSmtpServer? _smtp;
    private FakeTwilioServer? _twilio;

    public FakeSmtpServer Smtp => _smtp ?? throw new InvalidOperationException("Not started.");
    public FakeTwilioServer Twilio => _twilio ?? throw new InvalidOperationException("Not started.");

    /// <summary>One dispatch round as a worker runs it; returns how many messages it claimed.</summary>
    public async Task<int> DispatchAsync(string worker = "test-worker")
    {
        var total = 0;
        int claimed;
        do
        {
            claimed = await Services.GetRequiredService<DispatchRound>().RunAsync(worker, CancellationToken.None);
            total += claimed;
        } while (claimed > 0);

        return total;
    }

    /// <summary>A request as Twilio sends it to our public URL, signed with the account's auth token.</summary>
    public async Task<HttpResponseMessage> PostAsTwilioAsync(
        string path,
        Dictionary<string, string> form,
        string? authToken = null
    )
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Add(
            "X-Twilio-Signature",
            TwilioRequestSigner.Sign(authToken ?? Twilio.AuthToken, PublicBaseUrl + path, form)
        );
        return await client.SendAsync(request);
    }

    protected override async Task StartDependenciesAsync()
    {
        _smtp = FakeSmtpServer.Start();
        _twilio = await FakeTwilioServer.StartAsync();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:From", "clinic@example.test");
        builder.UseSetting("Sms:Mode", "Twilio");
        builder.UseSetting("Sms:Twilio:AccountSid", Twilio.AccountSid);
        builder.UseSetting("Sms:Twilio:AuthToken", Twilio.AuthToken);
        builder.UseSetting("Sms:Twilio:From", SmsFrom);
        builder.UseSetting("Sms:Twilio:ApiBaseUrl", Twilio.BaseUrl);
        builder.UseSetting("PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Messaging:Dispatch:FirstRetryDelay", "00:01:00");
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        if (_twilio is not null)
        {
            await _twilio.DisposeAsync();
        }
    }
}

/// <summary>
/// The same, with the worker running in the host (Hangfire and the dispatcher loop), as in local mode: for end-to-end
/// tests of the server path.
/// </summary>
public sealed class MessagingAppWithWorker : MessagingApp
{
    protected override bool RunWorker => true;
}
