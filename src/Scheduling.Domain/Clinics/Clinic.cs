using NodaTime;

namespace Scheduling.Domain.Clinics;

/// <summary>A clinic: where chairs, hours and the wall clock of every booking live.</summary>
public sealed class Clinic
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>
    /// What messages to patients and on-call pages call the clinic, when its legal name would tell a lock
    /// screen about a drug or a diagnosis ("Ketamine Wellness Center" speaks as "Wellness Center").
    /// </summary>
    public string? MessageName { get; set; }

    /// <summary>The one name every message and page uses: <see cref="MessageName"/>, else <see cref="Name"/>.</summary>
    public string NameInMessages => MessageName ?? Name;

    public required string TimeZoneId { get; set; }
    public required string Phone { get; set; }

    /// <summary>Start of the window in which patients may be messaged, in the patient's own zone.</summary>
    public LocalTime SendingWindowStart { get; set; } = new(8, 0);
    public LocalTime SendingWindowEnd { get; set; } = new(20, 0);

    /// <summary>
    /// How long before a session a patient may still cancel it from their own link: later than this, the link
    /// says to call the clinic (docs/api-contract.md, "Filling chairs and patient self-service").
    /// </summary>
    public Duration CancelNotice { get; set; } = DefaultCancelNotice;

    public static readonly Duration DefaultCancelNotice = Duration.FromHours(24);

    public Instant CreatedAt { get; init; }
    public List<Chair> Chairs { get; init; } = [];
    public List<OpeningHours> OpeningHours { get; init; } = [];
    public List<ClosedDate> ClosedDates { get; init; } = [];
    public List<OnCallContact> OnCall { get; init; } = [];

    public bool IsOpenDuring(LocalDateTime start, LocalDateTime end)
    {
        if (start.Date != end.Date || ClosedDates.Any(c => c.Date == start.Date))
        {
            return false;
        }

        return OpeningHours.Any(h => h.Day == start.DayOfWeek && h.Open <= start.TimeOfDay && end.TimeOfDay <= h.Close);
    }
}

public sealed class Chair
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ClinicId { get; init; }
    public int Number { get; init; }
    public required string Name { get; set; }

    /// <summary>
    /// Out of service from then on: kept because past sessions name it, never offered for a booking or a move.
    /// </summary>
    public Instant? RetiredAt { get; set; }
}

public sealed class OpeningHours
{
    public Guid ClinicId { get; init; }
    public IsoDayOfWeek Day { get; init; }
    public LocalTime Open { get; init; }
    public LocalTime Close { get; init; }
}

public sealed class ClosedDate
{
    public Guid ClinicId { get; init; }
    public LocalDate Date { get; init; }
    public string? Reason { get; init; }
}

/// <summary>Someone who receives safety alerts for a clinic, day or night.</summary>
public sealed class OnCallContact
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ClinicId { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public required string Phone { get; set; }

    /// <summary>No longer paged for new alerts; pages already planned for this contact still go out.</summary>
    public Instant? RemovedAt { get; set; }

    /// <summary>
    /// The clinic's order of its contacts, in which a failed or unanswered page goes on to the next one: the
    /// order a request gave them in, then each added after the others (ties, from two adds at once, by id).
    /// </summary>
    public int Position { get; set; }
}
