using NodaTime;

namespace Scheduling.Domain.Surveys;

/// <summary>
/// The link one message carried: only the SHA-256 hash of its random token is kept, so a copy of the
/// database opens no survey. A survey may have several (the invitation, the reminder, a resend after a
/// worker crash); each leads to the same single-use form and expires with it.
/// </summary>
public sealed class SurveyLink
{
    public required byte[] TokenHash { get; init; }
    public Guid SurveyId { get; init; }
    public Guid MessageId { get; init; }
    public Instant CreatedAt { get; init; }
}
