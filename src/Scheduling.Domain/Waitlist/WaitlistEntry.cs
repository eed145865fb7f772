using NodaTime;

namespace Scheduling.Domain.Waitlist;

/// <summary>
/// A patient waiting for chair time at a clinic (docs/waitlist.md): a template, the dates (earliest..latest, the
/// clinic's local dates) and optionally the hours (notBefore..notAfter) in which a freed chair may start their
/// series. The entry is never deleted: a withdrawn or booked entry stays for history.
/// </summary>
public sealed class WaitlistEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public required string TemplateCode { get; init; }
    public LocalDate Earliest { get; init; }
    public LocalDate Latest { get; init; }
    public LocalTime? NotBefore { get; init; }
    public LocalTime? NotAfter { get; init; }
    public WaitlistState State { get; private set; } = WaitlistState.Waiting;
    public Instant CreatedAt { get; init; }
    public Instant UpdatedAt { get; private set; }

    /// <summary>The series booked from an offer, once the entry is <see cref="WaitlistState.Booked"/>.</summary>
    public Guid? SeriesId { get; private set; }

    /// <summary>An offer went out: the entry waits for the patient's answer.</summary>
    public void Offer(Instant at) => Step(WaitlistState.Waiting, WaitlistState.Offered, at);

    /// <summary>The offer lapsed or the chair was taken: back in line, keeping its place (its age).</summary>
    public void BackInLine(Instant at)
    {
        if (State == WaitlistState.Offered)
        {
            (State, UpdatedAt) = (WaitlistState.Waiting, at);
        }
    }

    public void Book(Guid seriesId, Instant at)
    {
        Step(WaitlistState.Offered, WaitlistState.Booked, at);
        SeriesId = seriesId;
    }

    /// <summary>Withdrawn by staff; false when the entry was already booked or withdrawn.</summary>
    public bool Withdraw(Instant at)
    {
        if (State is WaitlistState.Booked or WaitlistState.Withdrawn)
        {
            return false;
        }

        (State, UpdatedAt) = (WaitlistState.Withdrawn, at);
        return true;
    }

    private void Step(WaitlistState from, WaitlistState to, Instant at)
    {
        if (State != from)
        {
            throw new InvalidOperationException($"A waitlist entry that is {State} cannot become {to}.");
        }

        (State, UpdatedAt) = (to, at);
    }
}

public enum WaitlistState
{
    Waiting,
    Offered,
    Booked,
    Withdrawn,
}
