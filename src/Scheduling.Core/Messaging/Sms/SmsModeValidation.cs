using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Nothing silent: a host with no Twilio account would keep every SMS in the database, and no patient or
/// on-call clinician would get one. That is what local mode is for, and what a test system may ask for by
/// name (Sms:Mode=Capture); anywhere else the host refuses to start and says which keys to set.
/// </summary>
public sealed class SmsModeValidation(IHostEnvironment environment) : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode switch
        {
            null or "" when options.UsesTwilio || environment.IsLocal() => ValidateOptionsResult.Success,
            null or "" => ValidateOptionsResult.Fail(
                "SMS have nowhere to go: Sms:Twilio:AccountSid is not set, and outside local mode SMS are not "
                    + $"captured in the database unless asked for (environment {environment.EnvironmentName}). Set "
                    + "Sms__Twilio__AccountSid, Sms__Twilio__AuthToken and Sms__Twilio__From to send through Twilio, "
                    + "or Sms__Mode=Capture on a system that must text nobody."
            ),
            SmsOptions.CaptureMode when options.UsesTwilio => ValidateOptionsResult.Fail(
                "Sms:Mode is Capture and Sms:Twilio:AccountSid is set too: unset one of them, so that it is clear "
                    + "whether SMS are sent."
            ),
            SmsOptions.TwilioMode when !options.UsesTwilio => ValidateOptionsResult.Fail(
                "Sms:Mode is Twilio but Sms:Twilio:AccountSid is not set."
            ),
            SmsOptions.CaptureMode or SmsOptions.TwilioMode => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail($"Sms:Mode must be {SmsOptions.TwilioMode} or {SmsOptions.CaptureMode}."),
        };
    }
}

/// <summary>Capture asked for by name outside local mode is allowed, and said once at start, where ops look.</summary>
internal sealed partial class SmsCaptureNotice(
    IOptions<SmsOptions> options,
    IHostEnvironment environment,
    ILogger<SmsCaptureNotice> logger
) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Captures && !environment.IsLocal())
        {
            LogCapturing();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Sms:Mode is Capture: SMS are kept in the database (/captured/sms) and reach no phone"
    )]
    private partial void LogCapturing();
}
