using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Inbound;

/// <summary>
/// What a patient's reply means. The opt-out words are the carriers' (so CANCEL can never mean "cancel
/// my appointment"); C confirms, R asks for a call back, YES and NO answer the day-before check.
/// </summary>
public static class Keywords
{
    private static readonly HashSet<string> OptOut = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP",
        "STOPALL",
        "UNSUBSCRIBE",
        "CANCEL",
        "END",
        "QUIT",
        "REVOKE",
        "OPTOUT",
    };
    private static readonly HashSet<string> OptIn = new(StringComparer.OrdinalIgnoreCase) { "START", "UNSTOP" };

    public static InboundIntent Read(string? body)
    {
        var word = (body ?? "").Trim().TrimEnd('.', '!').Trim();
        return word.ToUpperInvariant() switch
        {
            _ when OptOut.Contains(word) => InboundIntent.OptOut,
            _ when OptIn.Contains(word) => InboundIntent.OptIn,
            "HELP" or "INFO" => InboundIntent.Help,
            "C" or "CONFIRM" => InboundIntent.Confirm,
            "R" or "RESCHEDULE" => InboundIntent.Reschedule,
            "YES" or "Y" => InboundIntent.RideAndFastingConfirmed,
            "NO" or "N" => InboundIntent.RideOrFastingDeclined,
            _ => InboundIntent.Unrecognised,
        };
    }
}
