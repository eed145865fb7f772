using NodaTime;

namespace Scheduling.Domain.Booking;

/// <summary>
/// The link to the patient's own page for one session (GET and POST /p/{token}) that one message carried. Its
/// secret is made as a survey link's is (<see cref="Surveys.SurveyToken"/>: 144 random bits) and only the
/// SHA-256 hash is kept, so a copy of the database opens no page. A session may have several (each reminder and
/// move notice mints its own); every one leads to the same session and stops working once the session is over
/// (docs/patient-self-service.md).
/// </summary>
public sealed class PatientLink
{
    public required byte[] TokenHash { get; init; }
    public Guid AppointmentId { get; init; }
    public Guid MessageId { get; init; }
    public Instant CreatedAt { get; init; }
}
