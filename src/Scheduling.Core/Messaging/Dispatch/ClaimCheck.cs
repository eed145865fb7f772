namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// What <see cref="MessageQueue.ConfirmAsync"/> found: send; decide again with fresh data; or leave it to whoever
/// holds it now.
/// </summary>
public enum ClaimCheck
{
    Held,
    Changed,
    Lost,
}
