using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Section "Sms". SMS go to Twilio when Sms:Twilio:AccountSid is set; they are captured in the database instead
/// only in local mode or when Sms:Mode is Capture (<see cref="SmsModeValidation"/> refuses anything else).
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    public const string CaptureMode = "Capture";

    public const string TwilioMode = "Twilio";

    /// <summary>Twilio, Capture, or unset: Twilio when an account is set, else capture in local mode only.</summary>
    public string? Mode { get; set; }

    [Required]
    [ValidateObjectMembers]
    public TwilioOptions Twilio { get; set; } = new();

    public bool UsesTwilio => !string.IsNullOrEmpty(Twilio.AccountSid);

    public bool Captures => Mode == CaptureMode || (string.IsNullOrEmpty(Mode) && !UsesTwilio);
}

/// <summary>
/// Section "Sms:Twilio". Checked only when AccountSid is set; the auth token comes from the environment.
/// </summary>
public sealed partial class TwilioOptions : IValidatableObject
{
    public const string DefaultApiBaseUrl = "https://api.twilio.com";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>Our number (E.164); either this or <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// Where the SDK's requests go: Twilio itself, or a Twilio-compatible server for local runs and tests.
    /// </summary>
    [Required]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// How long Twilio may hold a message in its queue before dropping it; a reminder hours late is worse than none.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "10:00:00")]
    public TimeSpan ValidityPeriod { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long one request may take; after that the outcome is transient or unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (
            !Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api)
            || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp)
        )
        {
            yield return new ValidationResult(
                "Sms:Twilio:ApiBaseUrl must be an absolute http(s) URL.",
                [nameof(ApiBaseUrl)]
            );
        }

        if (string.IsNullOrEmpty(AccountSid))
        {
            yield break;
        }

        if (!AccountSidPattern().IsMatch(AccountSid))
        {
            yield return new ValidationResult(
                "Sms:Twilio:AccountSid must look like AC followed by 32 hex digits.",
                [nameof(AccountSid)]
            );
        }

        if (string.IsNullOrEmpty(AuthToken))
        {
            yield return new ValidationResult(
                "Sms:Twilio:AuthToken is required when Sms:Twilio:AccountSid is set.",
                [nameof(AuthToken)]
            );
        }

        if (string.IsNullOrEmpty(From) && string.IsNullOrEmpty(MessagingServiceSid))
        {
            yield return new ValidationResult(
                "Set Sms:Twilio:From or Sms:Twilio:MessagingServiceSid.",
                [nameof(From), nameof(MessagingServiceSid)]
            );
        }

        if (!string.IsNullOrEmpty(MessagingServiceSid) && !MessagingServiceSidPattern().IsMatch(MessagingServiceSid))
        {
            yield return new ValidationResult(
                "Sms:Twilio:MessagingServiceSid must look like MG followed by 32 hex digits.",
                [nameof(MessagingServiceSid)]
            );
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial System.Text.RegularExpressions.Regex AccountSidPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial System.Text.RegularExpressions.Regex MessagingServiceSidPattern();
}
