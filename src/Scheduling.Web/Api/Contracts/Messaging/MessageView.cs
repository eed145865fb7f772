using Scheduling.Core.Messaging;
using Scheduling.Domain.Messaging;

namespace Scheduling.Web.Api.Contracts.Messaging;

/// <summary>
/// `dueInstant` is when it is (or was) due to go; `reason` says why it was suppressed or failed, or, when
/// `held`, why a cap will hold it back.
/// </summary>
public sealed record MessageView(
    Guid Id,
    Guid? AppointmentId,
    Guid? SurveyId,
    string Kind,
    string Channel,
    string DueInstant,
    string State,
    string? Reason,
    int Attempts,
    string? LastError,
    string? ProviderId,
    string? SentAt,
    string? DeliveredAt,
    bool Held = false
)
{
    public static MessageView From(PatientMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Of(message.Message, message.Held);
    }

    public static IReadOnlyList<MessageView> ListOf(IReadOnlyList<PatientMessage> messages) =>
        [.. messages.Select(From)];

    /// <summary>A message no cap holds back (one just sent again, say).</summary>
    public static MessageView From(PlannedMessage message) => Of(message, held: false);

    private static MessageView Of(PlannedMessage m, bool held)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(
            m.Id,
            m.AppointmentId,
            m.SurveyId,
            m.Kind.ToString(),
            m.Channel.ToString(),
            Wire.Format(m.DueAt),
            m.State.ToString(),
            held ? ReminderCaps.Reason : m.Reason,
            m.Attempts,
            m.LastError,
            m.ProviderId,
            m.SentAt is { } sent ? Wire.Format(sent) : null,
            m.DeliveredAt is { } delivered ? Wire.Format(delivered) : null,
            held
        );
    }
}
