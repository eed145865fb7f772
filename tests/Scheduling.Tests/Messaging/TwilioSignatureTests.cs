using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Sms;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// The known-good case is the one the Twilio SDK's own RequestValidator tests use (auth token 12345,
/// https://mycompany.com/myapp.php?foo=1&amp;bar=2, five fields). Forgeries: a changed field, an added field,
/// another path, another token, no signature, and no auth token configured.
/// </summary>
public sealed class TwilioSignatureTests
{
    private const string KnownGood = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private const string PathAndQuery = "/myapp.php?foo=1&bar=2";

    private static readonly Dictionary<string, string> Form = new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["From"] = "+14158675309",
        ["Digits"] = "1234",
        ["To"] = "+18005551212",
        ["Caller"] = "+14158675309",
    };

    [Fact]
    public void IsValid_IsTrue_ForTheSdksKnownGoodSignature()
    {
        Assert.True(Signature().IsValid(PathAndQuery, Form, KnownGood));
    }

    [Fact]
    public void IsValid_IsFalse_WhenAFieldWasChanged()
    {
        var tampered = new Dictionary<string, string>(Form) { ["Digits"] = "9999" };

        Assert.False(Signature().IsValid(PathAndQuery, tampered, KnownGood));
    }

    [Fact]
    public void IsValid_IsFalse_WhenAFieldWasAdded()
    {
        var added = new Dictionary<string, string>(Form) { ["Body"] = "STOP" };

        Assert.False(Signature().IsValid(PathAndQuery, added, KnownGood));
    }

    [Fact]
    public void IsValid_IsFalse_ForAnotherPath()
    {
        Assert.False(Signature().IsValid("/webhooks/twilio/sms", Form, KnownGood));
    }

    [Fact]
    public void IsValid_IsFalse_WithAnotherAuthToken()
    {
        Assert.False(Signature(authToken: "54321").IsValid(PathAndQuery, Form, KnownGood));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    public void IsValid_IsFalse_WithoutAProperSignature(string? signature)
    {
        Assert.False(Signature().IsValid(PathAndQuery, Form, signature));
    }

    [Fact]
    public void IsValid_IsFalse_WhenNoAuthTokenIsConfigured()
    {
        Assert.False(Signature(authToken: null).IsValid(PathAndQuery, Form, KnownGood));
    }

    [Fact]
    public void IsValid_UsesThePublicBase_WhenItEndsWithASlash()
    {
        Assert.True(Signature(publicBaseUrl: "https://mycompany.com/").IsValid(PathAndQuery, Form, KnownGood));
    }

    private static TwilioSignature Signature(
        string? authToken = "12345",
        string publicBaseUrl = "https://mycompany.com"
    ) =>
        new(
            Options.Create(
                new SmsOptions
                {
                    Twilio = new TwilioOptions
                    {
                        AccountSid = "AC0123456789abcdef0123456789abcdef",
                        AuthToken = authToken,
                    },
                }
            ),
            Options.Create(new PublicUrlOptions { PublicBaseUrl = publicBaseUrl })
        );
}
