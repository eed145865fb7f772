namespace Scheduling.Domain.Booking;

/// <summary>What the front desk (or the patient) does to a session; each is one step of the lifecycle.</summary>
public enum AppointmentStep
{
    Arrive,
    Complete,
    MarkNoShow,
    Cancel,
    Move,
}

/// <summary>A step the session may not take from where it is: the caller words it for the front desk.</summary>
public sealed record AppointmentRefusal(AppointmentStep Step, AppointmentStatus Status);

/// <summary>One step a session may take, from any of <see cref="From"/> to <see cref="To"/>.</summary>
public sealed class AppointmentTransition
{
    internal AppointmentTransition(AppointmentStep step, AppointmentStatus to, params AppointmentStatus[] from)
    {
        Step = step;
        To = to;
        From = from;
    }

    public AppointmentStep Step { get; }

    public IReadOnlyList<AppointmentStatus> From { get; }

    public AppointmentStatus To { get; }

    public bool AllowsFrom(AppointmentStatus status) => From.Contains(status);

    public override string ToString() => $"{Step}: {string.Join("|", From)} -> {To}";
}

/// <summary>
/// The life of a session (docs/domain.md, "The life of a session"): every status change an
/// <see cref="Appointment"/> may make, in one list. A session is booked; while booked it may be moved,
/// cancelled, marked arrived or marked a no-show; an arrived session is completed, or marked a no-show when
/// the patient leaves before being dosed. Completed, no-show and cancelled are final.
/// </summary>
public static class AppointmentLifecycle
{
    public static readonly AppointmentTransition Arrive = new(
        AppointmentStep.Arrive,
        AppointmentStatus.Arrived,
        AppointmentStatus.Booked
    );

    public static readonly AppointmentTransition Complete = new(
        AppointmentStep.Complete,
        AppointmentStatus.Completed,
        AppointmentStatus.Arrived
    );

    public static readonly AppointmentTransition MarkNoShow = new(
        AppointmentStep.MarkNoShow,
        AppointmentStatus.NoShow,
        AppointmentStatus.Booked,
        AppointmentStatus.Arrived
    );

    public static readonly AppointmentTransition Cancel = new(
        AppointmentStep.Cancel,
        AppointmentStatus.Cancelled,
        AppointmentStatus.Booked
    );

    /// <summary>A move keeps the session booked, at another time or in another chair.</summary>
    public static readonly AppointmentTransition Move = new(
        AppointmentStep.Move,
        AppointmentStatus.Booked,
        AppointmentStatus.Booked
    );

    public static IReadOnlyList<AppointmentTransition> All { get; } = [Arrive, Complete, MarkNoShow, Cancel, Move];

    public static bool Allows(AppointmentStatus from, AppointmentStatus to) =>
        All.Any(t => t.To == to && t.AllowsFrom(from));
}
