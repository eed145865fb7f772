using Scheduling.Domain.Booking;

namespace Scheduling.Core.Booking;

/// <summary>The front desk's words for a step a session or a series refused (the 409's detail).</summary>
public static class Refusals
{
    public static string Words(AppointmentRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Step switch
        {
            AppointmentStep.Cancel => $"A session that is {refusal.Status} cannot be cancelled.",
            AppointmentStep.Move => $"A session that is {refusal.Status} cannot be moved.",
            _ => $"A session that is {refusal.Status} cannot become {Target(refusal.Step)}.",
        };
    }

    /// <param name="refusal">The series' refusal.</param>
    /// <param name="templateCode">The series' template, named when it has a fixed number of sessions.</param>
    /// <param name="from">The session a move of the rest starts from.</param>
    public static string Words(SeriesRefusal refusal, string templateCode, Appointment? from = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Reason switch
        {
            SeriesRefusalReason.AlreadyCancelled => "This series is already cancelled.",
            SeriesRefusalReason.Cancelled => "This series is cancelled.",
            SeriesRefusalReason.SessionNotBooked =>
                $"Session {from?.Number} is {from?.Status}: only a booked session can be moved.",
            SeriesRefusalReason.FixedLength =>
                $"{templateCode} has a fixed number of sessions; book a new series instead.",
            SeriesRefusalReason.NothingToContinue =>
                "This series has no session to continue from; book a new series instead.",
            _ => $"This series is {refusal.State}.",
        };
    }

    private static AppointmentStatus Target(AppointmentStep step) =>
        AppointmentLifecycle.All.Single(t => t.Step == step).To;
}
