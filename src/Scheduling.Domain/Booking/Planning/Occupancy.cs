using NodaTime;

namespace Scheduling.Domain.Booking.Planning;

/// <summary>
/// Who is busy when, as the plan grows: chairs (other patients' bookings and this plan's sessions) and
/// the patient. Intervals are half-open, so a session may start the minute the previous one ends.
/// </summary>
internal sealed class Occupancy(
    IEnumerable<ChairBooking> chairs,
    IEnumerable<PatientSession> patient,
    IReadOnlyList<Guid> chairOrder
)
{
    private readonly Dictionary<Guid, List<ChairBooking>> _chairs = chairs
        .GroupBy(b => b.ChairId)
        .ToDictionary(g => g.Key, g => g.ToList());
    private readonly List<PatientSession> _patient = [.. patient];

    /// <summary>
    /// The preferred chair when it is free (keeping a patient in one chair), otherwise the first free one in order.
    /// </summary>
    public Guid? FreeChair(Instant start, Instant end, Guid? preferred)
    {
        IEnumerable<Guid> order =
            preferred is { } chair && chairOrder.Contains(chair) ? [chair, .. chairOrder] : chairOrder;
        return order
            .Cast<Guid?>()
            .FirstOrDefault(id =>
                !_chairs.TryGetValue(id!.Value, out var booked)
                || !booked.Any(b => Overlaps(b.Start, b.End, start, end))
            );
    }

    public bool IsPatientBusy(Instant start, Instant end) => _patient.Any(s => Overlaps(s.Start, s.End, start, end));

    public void Hold(Guid? chairId, Instant start, Instant end)
    {
        if (chairId is { } id)
        {
            if (!_chairs.TryGetValue(id, out var booked))
            {
                _chairs[id] = booked = [];
            }

            booked.Add(new ChairBooking(id, start, end));
        }

        _patient.Add(new PatientSession(start, end));
    }

    private static bool Overlaps(Instant aStart, Instant aEnd, Instant bStart, Instant bEnd) =>
        aStart < bEnd && bStart < aEnd;
}
