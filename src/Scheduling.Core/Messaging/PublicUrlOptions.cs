using System.ComponentModel.DataAnnotations;

namespace Scheduling.Core.Messaging;

/// <summary>
/// The top-level key PublicBaseUrl: where the outside world reaches us (links in messages, Twilio's webhooks).
/// </summary>
public sealed class PublicUrlOptions : IValidatableObject
{
    public const string StatusCallbackPath = "/webhooks/twilio/status";

    public string? PublicBaseUrl { get; set; }

    /// <summary>The base without a trailing slash, so that paths can be appended as they are.</summary>
    public string? Base => PublicBaseUrl?.TrimEnd('/');

    public string? StatusCallbackUrl => Base is { } baseUrl ? baseUrl + StatusCallbackPath : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (
            !string.IsNullOrEmpty(PublicBaseUrl)
            && (
                !Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(url.Query)
            )
        )
        {
            yield return new ValidationResult(
                "PublicBaseUrl must be an absolute http(s) URL without a query.",
                [nameof(PublicBaseUrl)]
            );
        }
    }
}
