using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;

namespace Scheduling.Core.Messaging;

public static class MessagingAdapterExtensions
{
    /// <summary>
    /// Email always goes over SMTP (by default to the local mail catcher); SMS goes to Twilio when
    /// Sms:Twilio:AccountSid is set, else to captured_sms.
    /// </summary>
    public static IServiceCollection AddSchedulingMessagingAdapters(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services
            .AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<SmsOptions>()
            .Bind(configuration.GetSection(SmsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsModeValidation>(); // capture only where allowed
        services.AddHostedService<SmsCaptureNotice>();
        var publicUrl = services
            .AddOptions<PublicUrlOptions>()
            .Bind(configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddSingleton<TwilioSignature>();

        var sms = configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        if (!sms.Captures)
        {
            publicUrl.Validate(
                o => !string.IsNullOrEmpty(o.PublicBaseUrl),
                "PublicBaseUrl is required with Sms:Twilio:AccountSid: "
                    + "Twilio's status callbacks and the webhook signature check need it."
            );
            services.AddSingleton<ISmsSender, TwilioSmsSender>();
        }
        else
        {
            services.AddSingleton<ISmsSender, CapturingSmsSender>();
        }

        return services;
    }
}
