namespace Scheduling.Domain.Messaging;

/// <summary>
/// Why a message is not (or not yet) sent, or how it failed: the named values stored in a message's
/// reason column and shown to staff. New reasons are added here, never written as literals elsewhere.
/// </summary>
public sealed record MessageReason
{
    private MessageReason(string name) => Name = name;

    public string Name { get; }

    // The message itself
    public static readonly MessageReason DeadlinePassed = new(nameof(DeadlinePassed));
    public static readonly MessageReason ChangedWhileClaimed = new(nameof(ChangedWhileClaimed));

    // The patient
    public static readonly MessageReason PatientNotFound = new(nameof(PatientNotFound));
    public static readonly MessageReason NoConsent = new(nameof(NoConsent));
    public static readonly MessageReason InvalidAddress = new(nameof(InvalidAddress));
    public static readonly MessageReason OutsideSendingWindow = new(nameof(OutsideSendingWindow));
    public static readonly MessageReason FrequencyCap = new(nameof(FrequencyCap));

    // The session or series it is about
    public static readonly MessageReason AppointmentNotFound = new(nameof(AppointmentNotFound));
    public static readonly MessageReason AppointmentCancelled = new(nameof(AppointmentCancelled));
    public static readonly MessageReason AppointmentNoShow = new(nameof(AppointmentNoShow));
    public static readonly MessageReason AppointmentArrived = new(nameof(AppointmentArrived));
    public static readonly MessageReason AppointmentCompleted = new(nameof(AppointmentCompleted));
    public static readonly MessageReason AppointmentMoved = new(nameof(AppointmentMoved));
    public static readonly MessageReason NoLongerCancelled = new(nameof(NoLongerCancelled));
    public static readonly MessageReason NoLongerNoShow = new(nameof(NoLongerNoShow));
    public static readonly MessageReason SupersededByLaterMove = new(nameof(SupersededByLaterMove));
    public static readonly MessageReason SeriesCancelled = new(nameof(SeriesCancelled));
    public static readonly MessageReason NoSessionBooked = new(nameof(NoSessionBooked));

    // The survey it is about
    public static readonly MessageReason SurveyNotFound = new(nameof(SurveyNotFound));
    public static readonly MessageReason SurveyCompleted = new(nameof(SurveyCompleted));
    public static readonly MessageReason SurveyExpired = new(nameof(SurveyExpired));
    public static readonly MessageReason SurveyClosed = new(nameof(SurveyClosed));
    public static readonly MessageReason LinkNotSaved = new(nameof(LinkNotSaved));

    // Our own side: wording, preparation, the send itself
    public static readonly MessageReason NoTemplate = new(nameof(NoTemplate));
    public static readonly MessageReason ContentCheck = new(nameof(ContentCheck));

    /// <summary>Reading, rendering or composing this one message threw; last_error names the exception.</summary>
    public static readonly MessageReason PreparationFailed = new(nameof(PreparationFailed));

    /// <summary>Handing this one message to its provider threw instead of answering; last_error names it.</summary>
    public static readonly MessageReason SendFailed = new(nameof(SendFailed));

    // The provider's answer
    public static readonly MessageReason OptedOut = new(nameof(OptedOut));
    public static readonly MessageReason MailboxUnavailable = new(nameof(MailboxUnavailable));
    public static readonly MessageReason Rejected = new(nameof(Rejected));
    public static readonly MessageReason Undelivered = new(nameof(Undelivered));
    public static readonly MessageReason RetriesExhausted = new(nameof(RetriesExhausted));
    public static readonly MessageReason OutcomeUnknown = new(nameof(OutcomeUnknown));

    /// <summary>A page for a safety alert that someone acknowledged before it went out.</summary>
    public static readonly MessageReason AlertAcknowledged = new(nameof(AlertAcknowledged));

    /// <summary>The provider refused our credentials (Twilio 401/20003, SMTP 535): retried while ops fix it.</summary>
    public static readonly MessageReason ProviderAuthentication = new(nameof(ProviderAuthentication));

    /// <summary>A reason another record already holds (a closed survey's), carried over as it is.</summary>
    public static MessageReason Of(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new MessageReason(name);
    }

    public override string ToString() => Name;
}
