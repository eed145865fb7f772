using System.Buffers.Text;
using System.Security.Cryptography;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// The secret in a survey link: 144 random bits from the operating system's generator (more than the
/// 128 that docs/domain.md, "Surveys and check-ins", asks for, and a whole number of base64 characters:
/// 24, no padding), written base64url so it survives SMS and mail clients. Only its SHA-256 hash is ever
/// stored.
/// </summary>
public static class SurveyToken
{
    public const int RandomBytes = 18;
    public const int Length = 24;

    public static (string Token, byte[] Hash) Mint()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        var token = Base64Url.EncodeToString(random);
        return (token, Hash(token));
    }

    /// <summary>
    /// The hash to look up, or null for text that no minted token could be (wrong length or alphabet).
    /// </summary>
    public static byte[]? TryHash(string? token) =>
        token is { Length: Length } && Base64Url.IsValid(token, out var decoded) && decoded == RandomBytes
            ? Hash(token)
            : null;

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));
}
