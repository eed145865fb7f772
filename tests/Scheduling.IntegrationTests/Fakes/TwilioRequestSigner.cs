using System.Security.Cryptography;
using System.Text;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// X-Twilio-Signature as Twilio computes it and the SDK's RequestValidator checks it: HMAC-SHA1 with the
/// auth token over the full URL followed by every form field's name and value, sorted by name (ordinal).
/// </summary>
public static class TwilioRequestSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        // Twilio's signature is HMAC-SHA1 by definition; the fake must compute what Twilio sends.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }
}
