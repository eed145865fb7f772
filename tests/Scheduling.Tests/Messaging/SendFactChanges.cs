using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using R = Scheduling.Domain.Messaging.MessageReason;

namespace Scheduling.Tests.Messaging;

/// <summary>Which of a booked patient's messages a change is about (each has its facts in the fingerprint).</summary>
public enum FactMessage
{
    Confirmation,
    Reminder,
    Survey,
    Page,
}

/// <summary>
/// One fact a person can change between a message's claim and its send (docs/style.md, example 18).
/// <paramref name="Feeds"/>: the members of <see cref="SendCase"/> it feeds; <paramref name="Change"/> and
/// <paramref name="Then"/>: the change as <see cref="SendRule"/> sees it and what it then decides (null: it
/// still sends, as a page to a corrected on-call number does, to the new number); <paramref name="Sql"/>: the
/// same change in the database ($1, the patient's id) as the product makes it, which must change the claim's
/// fingerprint (MessageQueue) of the <paramref name="About"/> message so that it decides again.
/// </summary>
public sealed record FactChange(
    string Name,
    string[] Feeds,
    FactMessage About,
    Func<SendCase, SendCase> Change,
    SendVerdict? Then,
    string Sql
);

/// <summary>
/// The one table of changes that drives both SendRuleTests (the rule sees each) and ClaimTests (the claim and
/// confirm SQL sees each). A member added to the rule's facts without a row here fails SendRuleTests; a row
/// whose change the SQL does not fingerprint fails ClaimTests.
/// </summary>
public static class SendFactChanges
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 15, 0);

    private static readonly DateTimeZone Zone = DateTimeZone.ForOffset(Offset.FromHours(-5));
    private static readonly SendingWindow Window = new(Zone, new LocalTime(8, 0), new LocalTime(20, 0));
    private static readonly Instant Session = Now + Duration.FromDays(3);
    private static readonly Recipient Reachable = new(Consents: true, ContactValid: true, Window);
    private static readonly SessionFacts Booked = new(AppointmentStatus.Booked, 1, Session);

    /// <summary>Each message as it stands before the change: every one of them goes now.</summary>
    public static SendCase Before(FactMessage about) =>
        about switch
        {
            FactMessage.Confirmation => new(
                new(MessageKind.BookingConfirmation, Channel.Email, PlanKey.BookingConfirmation, Session),
                Reachable,
                Series: new(SeriesState.Active, AnySessionBooked: true)
            ),
            FactMessage.Reminder => new(
                new(
                    MessageKind.Reminder,
                    Channel.Sms,
                    PlanKey.Reminder(Duration.FromHours(24)),
                    Session,
                    AboutSession: true
                ),
                Reachable,
                Booked
            ),
            FactMessage.Survey => new(
                new(
                    MessageKind.SurveyInvitation,
                    Channel.Sms,
                    PlanKey.SurveyInvitation,
                    Now + Duration.FromDays(1),
                    AboutSession: true,
                    AboutSurvey: true
                ),
                Reachable,
                Booked,
                Survey: new(SurveyState.Planned, null, Now + Duration.FromDays(3))
            ),
            _ => new(
                new(
                    MessageKind.SafetyAlert,
                    Channel.Sms,
                    PlanKey.Page(Guid.Empty),
                    Now + Duration.FromHours(12),
                    Urgent: true,
                    ToOnCall: true
                )
            ),
        };

    private static SendCase Patient(SendCase facts, Func<Recipient, Recipient> change) =>
        facts with
        {
            Patient = change(facts.Patient!),
        };

    private static readonly SendVerdict Invalid = SendVerdict.Hold(R.InvalidAddress);

    /// <summary>The window opens at 08:00 in the patient's zone, 13:00 UTC; in Honolulu (UTC-10), 18:00 UTC.</summary>
    private static readonly DateTimeZone Honolulu = DateTimeZone.ForOffset(Offset.FromHours(-10));

    public static IReadOnlyList<FactChange> All { get; } =
    [
        new(
            "email",
            ["Recipient.ContactValid"],
            FactMessage.Confirmation,
            f => Patient(f, p => p with { ContactValid = false }),
            Invalid,
            "UPDATE scheduling.patients SET email = 'corrected.' || email WHERE id = $1"
        ),
        new(
            "phone",
            ["Recipient.ContactValid"],
            FactMessage.Reminder,
            f => Patient(f, p => p with { ContactValid = false }),
            Invalid,
            "UPDATE scheduling.patients SET phone = '+12025559876' WHERE id = $1"
        ),
        new(
            "email status",
            ["Recipient.ContactValid"],
            FactMessage.Confirmation,
            f => Patient(f, p => p with { ContactValid = false }),
            Invalid,
            "UPDATE scheduling.patients SET email_status = 'Invalid' WHERE id = $1"
        ),
        new(
            "phone status",
            ["Recipient.ContactValid"],
            FactMessage.Reminder,
            f => Patient(f, p => p with { ContactValid = false }),
            Invalid,
            "UPDATE scheduling.patients SET phone_status = 'Invalid' WHERE id = $1"
        ),
        new(
            "consent",
            ["Recipient.Consents"],
            FactMessage.Reminder,
            f => Patient(f, p => p with { Consents = false }),
            SendVerdict.Hold(R.NoConsent),
            "INSERT INTO scheduling.consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence) "
                + "VALUES (gen_random_uuid(), $1, 'Sms', false, now(), 'SmsKeyword', 'STOP')"
        ),
        new(
            "zone",
            ["Recipient.Window"],
            FactMessage.Reminder,
            f => Patient(f, p => p with { Window = Window with { Zone = Honolulu } }),
            SendVerdict.Wait(Instant.FromUtc(2026, 11, 26, 18, 0), R.OutsideSendingWindow),
            "UPDATE scheduling.patients SET time_zone_id = 'Pacific/Honolulu' WHERE id = $1"
        ),
        new(
            "sending window",
            ["Recipient.Window"],
            FactMessage.Reminder,
            f => Patient(f, p => p with { Window = Window with { Start = new LocalTime(11, 0) } }),
            SendVerdict.Wait(Instant.FromUtc(2026, 11, 26, 16, 0), R.OutsideSendingWindow),
            "UPDATE scheduling.clinics SET sending_window_start = '11:00' "
                + "WHERE id = (SELECT clinic_id FROM scheduling.patients WHERE id = $1)"
        ),
        new(
            "session status",
            ["SessionFacts.Status"],
            FactMessage.Reminder,
            f => f with { Session = f.Session! with { Status = AppointmentStatus.Cancelled } },
            SendVerdict.Hold(R.AppointmentCancelled),
            "UPDATE scheduling.appointments SET status = 'Cancelled' WHERE patient_id = $1"
        ),
        new(
            "session time",
            ["SessionFacts.Start", "SessionFacts.Revision"],
            FactMessage.Reminder,
            f => f with { Session = f.Session! with { Start = Now + Duration.FromHours(12), Revision = 2 } },
            SendVerdict.Hold(R.AppointmentMoved),
            "UPDATE scheduling.appointments SET start_instant = start_instant - interval '1 day', "
                + "end_instant = end_instant - interval '1 day', revision = revision + 1 WHERE patient_id = $1"
        ),
        new(
            "series state",
            ["SeriesFacts.State"],
            FactMessage.Confirmation,
            f => f with { Series = f.Series! with { State = SeriesState.Cancelled } },
            SendVerdict.Hold(R.SeriesCancelled),
            "UPDATE scheduling.series SET state = 'Cancelled' WHERE patient_id = $1"
        ),
        new(
            "sessions of the series",
            ["SeriesFacts.AnySessionBooked"],
            FactMessage.Confirmation,
            f => f with { Series = f.Series! with { AnySessionBooked = false } },
            SendVerdict.Hold(R.NoSessionBooked),
            "UPDATE scheduling.appointments SET status = 'Cancelled' WHERE patient_id = $1"
        ),
        new(
            "survey answered",
            ["SurveyFacts.State"],
            FactMessage.Survey,
            f => f with { Survey = f.Survey! with { State = SurveyState.Completed } },
            SendVerdict.Hold(R.SurveyCompleted),
            "UPDATE scheduling.surveys SET state = 'Completed', completed_at = now() WHERE patient_id = $1"
        ),
        new(
            "survey closed",
            ["SurveyFacts.State", "SurveyFacts.Reason"],
            FactMessage.Survey,
            f => f with { Survey = f.Survey! with { State = SurveyState.Suppressed, Reason = "AppointmentNoShow" } },
            SendVerdict.Hold(R.AppointmentNoShow),
            "UPDATE scheduling.surveys SET state = 'Suppressed', reason = 'AppointmentNoShow' WHERE patient_id = $1"
        ),
        new(
            "survey expiry",
            ["SurveyFacts.ExpiresAt"],
            FactMessage.Survey,
            f => f with { Survey = f.Survey! with { ExpiresAt = Now } },
            SendVerdict.Hold(R.SurveyExpired),
            "UPDATE scheduling.surveys SET expires_at = expires_at - interval '1 hour' WHERE patient_id = $1"
        ),
        new(
            "on-call contact",
            [],
            FactMessage.Page,
            f => f,
            null,
            "UPDATE scheduling.on_call_contacts SET phone = '+12025559871' "
                + "WHERE clinic_id = (SELECT clinic_id FROM scheduling.patients WHERE id = $1)"
        ),
        new(
            "on-call contact removed",
            [],
            FactMessage.Page,
            f => f,
            null,
            "UPDATE scheduling.on_call_contacts SET removed_at = now() "
                + "WHERE clinic_id = (SELECT clinic_id FROM scheduling.patients WHERE id = $1)"
        ),
    ];
}
