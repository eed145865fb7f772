using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Checks X-Twilio-Signature on Twilio's form POSTs with the SDK's RequestValidator. Twilio signs the URL
/// it called, so the check uses the public URL ({PublicBaseUrl}{path}{query}), not the one this process
/// saw behind a proxy. Without an auth token (SMS captured locally) nothing is accepted.
/// </summary>
public sealed class TwilioSignature(IOptions<SmsOptions> sms, IOptions<PublicUrlOptions> urls)
{
    public const string Header = "X-Twilio-Signature";

    private readonly RequestValidator? _validator = sms.Value.Twilio.AuthToken is { Length: > 0 } token
        ? new RequestValidator(token)
        : null;

    public bool IsValid(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (_validator is null || urls.Value.Base is not { } baseUrl || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            parameters[key] = value;
        }

        return _validator.Validate(baseUrl + pathAndQuery, parameters, signature);
    }

    /// <summary>Reads the request's form; call it on a POST with a form content type.</summary>
    public async Task<bool> IsValidAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return false;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var fields = form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString()));
        return IsValid(request.Path.Value + request.QueryString.Value, fields, request.Headers[Header].ToString());
    }
}
