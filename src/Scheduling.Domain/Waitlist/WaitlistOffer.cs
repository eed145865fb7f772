using NodaTime;
using Scheduling.Domain.Protocols;

namespace Scheduling.Domain.Waitlist;

/// <summary>
/// One entry offered one opening: a message of kind WaitlistOffer with a link of its own (/w/{token}); open
/// until <see cref="ExpiresAt"/>. (OpeningId, EntryId) is unique: an entry is offered the same time once.
/// </summary>
public sealed class WaitlistOffer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OpeningId { get; init; }
    public Guid EntryId { get; init; }
    public Guid PatientId { get; init; }
    public Channel Channel { get; init; }
    public Instant CreatedAt { get; init; }
    public Instant ExpiresAt { get; init; }
    public OfferState State { get; private set; } = OfferState.Open;
    public Instant? AnsweredAt { get; private set; }

    public bool IsOpenAt(Instant now) => State == OfferState.Open && now < ExpiresAt;

    public void Accept(Instant at) => End(OfferState.Accepted, at);

    /// <summary>The chair time went to someone else while this offer was open.</summary>
    public void Lose(Instant at) => End(OfferState.Taken, at);

    public void Lapse(Instant at) => End(OfferState.Lapsed, at);

    private void End(OfferState state, Instant at)
    {
        if (State != OfferState.Open)
        {
            throw new InvalidOperationException($"A waitlist offer that is {State} cannot become {state}.");
        }

        (State, AnsweredAt) = (state, at);
    }
}

public enum OfferState
{
    Open,
    Accepted,
    Taken,
    Lapsed,
}

/// <summary>The link one offer message carried: only the SHA-256 hash of its token is kept (as survey links).</summary>
public sealed class WaitlistOfferLink
{
    public required byte[] TokenHash { get; init; }
    public Guid OfferId { get; init; }
    public Guid MessageId { get; init; }
    public Instant CreatedAt { get; init; }
}
