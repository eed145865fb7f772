using NodaTime;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// What the simulated people know: the clinics, the patients with every contact and consent they had
/// and when, and every session with its moves and its cancel. The invariants judge the system's rows
/// and the providers' mailboxes against this.
/// </summary>
public sealed class ClinicWorld
{
    public List<SimClinic> Clinics { get; } = [];
    public List<SimPatient> Patients { get; } = [];
    public Dictionary<Guid, SimSession> Sessions { get; } = [];
    public Dictionary<Guid, SimPatient> PatientsById { get; } = [];
    public List<Item9Answer> Item9Answers { get; } = [];

    /// <summary>Provider outages and stalls: [From, To) per provider ("sms", "email").</summary>
    public List<(string Provider, Instant From, Instant To)> Outages { get; } = [];

    /// <summary>Spans with no dispatcher alive (a killed one's only worker).</summary>
    public List<(Instant From, Instant To)> DeadDispatcher { get; } = [];

    public SimPatient? PatientByPhoneAt(string phone, Instant at) =>
        Patients.FirstOrDefault(p => p.PhoneAt(at) == phone);

    public bool OutageOverlaps(string provider, Instant from, Instant to) =>
        Outages.Any(o => o.Provider == provider && o.From < to && from < o.To);
}

public sealed record SimClinic(
    int Index,
    Guid Id,
    string Name,
    string ClinicZone,
    string PatientZone,
    IReadOnlyList<SimOnCall> OnCall
);

public sealed record SimOnCall(string Name, string Email, string Phone);

public sealed class SimPatient(int index, SimClinic clinic, DateTimeZone zone)
{
    public int Index { get; } = index;
    public SimClinic Clinic { get; } = clinic;
    public DateTimeZone Zone { get; } = zone;
    public Guid Id { get; set; }
    public string LastName => $"Sim{Index:D3}";

    /// <summary>Every phone and email the patient had, from when (the newest last).</summary>
    public List<(Instant From, string Phone, string Email)> Contacts { get; } = [];

    /// <summary>The SMS consent changes the patient made by keyword (STOP false, START true), in order.</summary>
    public List<(Instant At, bool Granted)> SmsConsent { get; } = [];

    /// <summary>Contacts the simulation made a provider refuse for good (a mistyped number or mailbox).</summary>
    public HashSet<string> RefusedContacts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Item9Positive { get; set; }
    public bool Item9Incomplete { get; set; }

    public string Phone => Contacts[^1].Phone;
    public string Email => Contacts[^1].Email;

    public string? PhoneAt(Instant at) =>
        Contacts.LastOrDefault(c => c.From <= at) is { Phone: { } phone } ? phone : null;

    public string? EmailAt(Instant at) =>
        Contacts.LastOrDefault(c => c.From <= at) is { Email: { } email } ? email : null;

    /// <summary>False from a STOP until the next START (the refusal wins an instant they share).</summary>
    public bool SmsAllowedAt(Instant at) =>
        SmsConsent.Where(c => c.At <= at).Select(c => (bool?)c.Granted).LastOrDefault() ?? true;

    public bool StoppedDuring(Instant from, Instant to) =>
        !SmsAllowedAt(from) || SmsConsent.Any(c => !c.Granted && c.At >= from && c.At <= to);
}

public sealed class SimSession(
    Guid id,
    SimPatient patient,
    Guid seriesId,
    string template,
    int number,
    Instant start,
    Instant bookedAt
)
{
    public Guid Id { get; } = id;
    public SimPatient Patient { get; } = patient;
    public Guid SeriesId { get; } = seriesId;
    public string Template { get; } = template;
    public int Number { get; } = number;

    /// <summary>The session's start from each instant on: booked, then every move.</summary>
    public List<(Instant At, Instant Start)> Starts { get; } = [(bookedAt, start)];

    public Instant? CancelledAt { get; set; }
    public Instant? NoShowAt { get; set; }
    public Instant? CompletedAt { get; set; }

    public Instant Start => Starts[^1].Start;
    public Instant PlannedAt => Starts[^1].At;

    public Instant StartAt(Instant at) => Starts.Last(s => s.At <= at).Start;

    public bool CancelledBy(Instant at) => CancelledAt is { } c && c <= at;
}

/// <summary>A PHQ-9 answered with item 9 above 0, and when a clinician means to acknowledge its alert.</summary>
public sealed class Item9Answer(SimPatient patient, Instant submittedAt, bool complete, Instant acknowledgeAt)
{
    public SimPatient Patient { get; } = patient;
    public Instant SubmittedAt { get; } = submittedAt;
    public bool Complete { get; } = complete;
    public Instant AcknowledgeAt { get; } = acknowledgeAt;
    public Guid? AlertId { get; set; }
    public Guid? SurveyId { get; set; }
    public Instant? AcknowledgedAt { get; set; }
}
