using NodaTime;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Domain.Messaging;

/// <summary>
/// "May this message still go now?" (docs/domain.md, "Messages"), decided in one place over what holds
/// at send time: the deadline has not passed, the patient still consents and can be reached on that
/// channel, the survey is still open, the session still stands as the message describes it, and it is
/// daytime in the patient's zone. The dispatcher reads the facts fresh for every claimed batch, and its
/// claim and confirmation statements fingerprint every fact read here, so a change after the claim makes
/// the message decide again rather than go on stale data (docs/style.md, example 18). The frequency
/// caps are counted by the dispatcher for the messages this rule lets go, since they count across a batch.
/// </summary>
public static class SendRule
{
    public static SendVerdict Decide(SendCase facts, Instant now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var message = facts.Message;
        if (now > message.NotAfter)
        {
            return SendVerdict.Hold(MessageReason.DeadlinePassed);
        }

        if (message.ToOnCall)
        {
            return SendVerdict.Go;
        }

        if (facts.Patient is not { } patient)
        {
            return SendVerdict.Hold(MessageReason.PatientNotFound);
        }

        if (!patient.Consents)
        {
            return SendVerdict.Hold(MessageReason.NoConsent);
        }

        if (!patient.ContactValid)
        {
            return SendVerdict.Hold(MessageReason.InvalidAddress);
        }

        return SurveyRefusal(facts, now)
            ?? SessionRefusal(facts)
            ?? WindowRefusal(message, patient, now)
            ?? SendVerdict.Go;
    }

    /// <summary>An invitation or reminder for a survey answered, expired or closed would lead to a dead link.</summary>
    private static SendVerdict? SurveyRefusal(SendCase facts, Instant now)
    {
        if (!facts.Message.AboutSurvey)
        {
            return null;
        }

        return facts.Survey switch
        {
            null => SendVerdict.Hold(MessageReason.SurveyNotFound),
            { State: SurveyState.Completed } => SendVerdict.Hold(MessageReason.SurveyCompleted),
            { State: SurveyState.Expired } => SendVerdict.Hold(MessageReason.SurveyExpired),
            { State: SurveyState.Suppressed, Reason: { Length: > 0 } why } => SendVerdict.Hold(MessageReason.Of(why)),
            { State: SurveyState.Suppressed } => SendVerdict.Hold(MessageReason.SurveyClosed),
            { ExpiresAt: var expires } when now >= expires => SendVerdict.Hold(MessageReason.SurveyExpired),
            _ => null,
        };
    }

    private static SendVerdict? SessionRefusal(SendCase facts)
    {
        var message = facts.Message;
        if (message.Kind == MessageKind.BookingConfirmation)
        {
            // A confirmation lists the sessions still booked; with none left it would confirm nothing.
            return facts.Series is not { State: not SeriesState.Cancelled } series
                    ? SendVerdict.Hold(MessageReason.SeriesCancelled)
                : series.AnySessionBooked ? null
                : SendVerdict.Hold(MessageReason.NoSessionBooked);
        }

        if (!message.AboutSession)
        {
            return null;
        }

        if (facts.Session is not { } session)
        {
            return SendVerdict.Hold(MessageReason.AppointmentNotFound);
        }

        return message.Kind switch
        {
            MessageKind.CancelNotice => session.Status == AppointmentStatus.Cancelled
                ? null
                : SendVerdict.Hold(MessageReason.NoLongerCancelled),
            MessageKind.NoShowFollowUp => session.Status == AppointmentStatus.NoShow
                ? null
                : SendVerdict.Hold(MessageReason.NoLongerNoShow),

            // An offer of freed chair time is about the cancelled session whose time it offers.
            MessageKind.WaitlistOffer => session.Status == AppointmentStatus.Cancelled
                ? null
                : SendVerdict.Hold(MessageReason.NoLongerCancelled),
            MessageKind.MoveNotice when message.PlanKey != PlanKey.Moved(session.Revision) => SendVerdict.Hold(
                MessageReason.SupersededByLaterMove
            ),

            // A survey follows a session that is held: arrived and completed are what the front desk marks meanwhile.
            MessageKind.SurveyInvitation or MessageKind.SurveyReminder => session.Status switch
            {
                AppointmentStatus.Cancelled => SendVerdict.Hold(MessageReason.AppointmentCancelled),
                AppointmentStatus.NoShow => SendVerdict.Hold(MessageReason.AppointmentNoShow),
                _ => null,
            },
            _ when session.Status != AppointmentStatus.Booked => SendVerdict.Hold(NotBooked(session.Status)),
            MessageKind.Reminder or MessageKind.DayBeforeCheck when message.NotAfter > session.Start =>
                SendVerdict.Hold(MessageReason.AppointmentMoved),
            _ => null,
        };
    }

    private static MessageReason NotBooked(AppointmentStatus status) =>
        status switch
        {
            AppointmentStatus.Cancelled => MessageReason.AppointmentCancelled,
            AppointmentStatus.NoShow => MessageReason.AppointmentNoShow,
            AppointmentStatus.Arrived => MessageReason.AppointmentArrived,
            _ => MessageReason.AppointmentCompleted,
        };

    /// <summary>Outside the patient's window a message waits for it to open, unless its deadline comes first.</summary>
    private static SendVerdict? WindowRefusal(OutgoingMessage message, Recipient patient, Instant now)
    {
        if (message.Urgent || patient.Window is not { } window || window.Contains(now))
        {
            return null;
        }

        var opens = window.EarliestAtOrAfter(now);
        return opens < message.NotAfter
            ? SendVerdict.Wait(opens, MessageReason.OutsideSendingWindow)
            : SendVerdict.Hold(MessageReason.OutsideSendingWindow);
    }
}

/// <summary>Everything <see cref="SendRule"/> decides on, as plain values read at send time.</summary>
/// <param name="Message">The message as planned.</param>
/// <param name="Patient">Null when the message names a patient that no longer exists (or names none).</param>
/// <param name="Session">The session the message is about; null when it names none or it no longer exists.</param>
/// <param name="Series">For a booking confirmation, its series; null when it no longer exists.</param>
/// <param name="Survey">The survey the message is about; null when it names none or it no longer exists.</param>
public sealed record SendCase(
    OutgoingMessage Message,
    Recipient? Patient = null,
    SessionFacts? Session = null,
    SeriesFacts? Series = null,
    SurveyFacts? Survey = null
);

/// <summary>The message as planned. ToOnCall: a page to an on-call contact, which only its deadline can stop.</summary>
public sealed record OutgoingMessage(
    MessageKind Kind,
    Channel Channel,
    PlanKey PlanKey,
    Instant NotAfter,
    bool Urgent = false,
    bool ToOnCall = false,
    bool AboutSession = false,
    bool AboutSurvey = false
);

/// <summary>
/// The patient on the message's channel: the newest consent, whether the number or address is usable,
/// and their sending window (in the patient's own zone); no window when the clinic is unknown.
/// </summary>
public sealed record Recipient(bool Consents, bool ContactValid, SendingWindow? Window);

public sealed record SessionFacts(AppointmentStatus Status, int Revision, Instant Start);

public sealed record SeriesFacts(SeriesState State, bool AnySessionBooked);

public sealed record SurveyFacts(SurveyState State, string? Reason, Instant ExpiresAt);

/// <summary>What <see cref="SendRule"/> decided: go now; hold back for good; or wait until an instant.</summary>
public abstract record SendVerdict
{
    private SendVerdict() { }

    public static SendVerdict Go { get; } = new Send();

    public static SendVerdict Hold(MessageReason reason) => new Held(reason);

    public static SendVerdict Wait(Instant until, MessageReason reason) => new Waiting(until, reason);

    public sealed record Send : SendVerdict;

    public sealed record Held(MessageReason Reason) : SendVerdict;

    public sealed record Waiting(Instant Until, MessageReason Reason) : SendVerdict;
}
