using System.Diagnostics;

namespace Scheduling.Core.Telemetry;

/// <summary>
/// The names under which the system reports what it does: one <see cref="ActivitySource"/> for booking,
/// planning and dispatch, and one meter (<see cref="SchedulingMetrics"/>, <c>OperationsGauges</c>). A trace
/// runs from a booking request through planning to the provider call although the send happens later in
/// a worker: each planned message keeps the W3C <c>traceparent</c> of the activity that planned it
/// (<see cref="CurrentTraceParent"/>), and its send starts with that as parent (<see cref="StartSend"/>).
/// </summary>
public static class SchedulingTelemetry
{
    public const string Name = "Scheduling";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The current activity as a W3C traceparent (<c>00-trace-span-flags</c>), or null when none.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>An activity of booking or planning, a child of the current one (the request's).</summary>
    public static Activity? Start(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>The send of one message, a child of the activity that planned it when its traceparent is known.
    /// </summary>
    public static Activity? StartSend(Guid messageId, string? traceParent)
    {
        var activity = ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? Source.StartActivity("message send", ActivityKind.Consumer, parent)
            : Source.StartActivity("message send", ActivityKind.Consumer);
        activity?.SetTag("scheduling.message.id", messageId);
        return activity;
    }
}
