using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// Configuration alone chooses the adapters, and a bad configuration stops the host at start.
/// Boundaries: nothing set (local defaults; outside local mode, a refusal), a complete Twilio account, each missing
/// or out-of-range value.
/// </summary>
public sealed class MessagingAdapterRegistrationTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    [Fact]
    public void AddSchedulingMessagingAdapters_CapturesSmsAndUsesTheLocalMailCatcher_WhenNothingIsSet()
    {
        using var services = Build([]);

        Assert.IsType<CapturingSmsSender>(services.GetRequiredService<ISmsSender>());
        Assert.IsType<MailKitEmailSender>(services.GetRequiredService<IEmailSender>());
        var smtp = services.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp;
        Assert.Equal(("127.0.0.1", 2525, false), (smtp.Host, smtp.Port, smtp.UseTls));
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddSchedulingMessagingAdapters_RefusesToStart_WhenNothingIsSetOutsideLocalMode()
    {
        using var services = Build([], environment: "Production");

        var refused = Assert.Throws<OptionsValidationException>(() =>
            services.GetRequiredService<IStartupValidator>().Validate()
        );
        Assert.Contains("Sms__Mode=Capture", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSchedulingMessagingAdapters_UsesTwilio_WhenAnAccountIsSet()
    {
        using var services = Build(Twilio());

        Assert.IsType<TwilioSmsSender>(services.GetRequiredService<ISmsSender>());
        Assert.Equal(
            TimeSpan.FromHours(4),
            services.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio.ValidityPeriod
        );
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Sms:Twilio:AuthToken", "")]
    [InlineData("Sms:Twilio:AccountSid", "AC123")]
    [InlineData("Sms:Twilio:From", "")]
    [InlineData("Sms:Twilio:ValidityPeriod", "10:00:01")]
    [InlineData("Sms:Twilio:ValidityPeriod", "00:00:00")]
    [InlineData("Sms:Twilio:ApiBaseUrl", "not a url")]
    [InlineData("PublicBaseUrl", "")]
    [InlineData("PublicBaseUrl", "clinic.example.test")]
    [InlineData("Email:Smtp:Port", "0")]
    [InlineData("Email:Smtp:Connections", "0")]
    [InlineData("Email:Smtp:Timeout", "00:00:00")]
    [InlineData("Email:Smtp:Host", "")]
    [InlineData("Email:From", "not an address")]
    public void AddSchedulingMessagingAdapters_RefusesToStart_WhenAValueIsWrong(string key, string value)
    {
        var settings = Twilio();
        settings[key] = value;
        using var services = Build(settings);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void AddSchedulingMessagingAdapters_RefusesToStart_WhenASmtpUserHasNoPassword()
    {
        using var services = Build(new() { ["Email:Smtp:User"] = "mailer" });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static Dictionary<string, string?> Twilio() =>
        new()
        {
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = "token",
            ["Sms:Twilio:From"] = "+15005550006",
            ["PublicBaseUrl"] = "https://clinic.example.test",
        };

    /// <summary>In local mode unless told otherwise, where capturing SMS needs no setting.</summary>
    private static ServiceProvider Build(Dictionary<string, string?> settings, string environment = "Local")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddLogging(logging => logging.ClearProviders());
        services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 11, 20, 12, 0)));
        services.AddSchedulingMessagingAdapters(configuration);
        return services.BuildServiceProvider();
    }
}
