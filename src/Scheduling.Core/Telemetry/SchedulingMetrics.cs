using System.Diagnostics.Metrics;
using NodaTime;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Telemetry;

/// <summary>
/// What the dispatcher counts as it works: each outcome recorded (<c>scheduling_messages_total</c> by
/// <c>state</c>, <c>kind</c>, <c>channel</c>), how late each sent message went out
/// (<c>scheduling_message_lateness_seconds</c>), and how long a provider took to answer
/// (<c>scheduling_provider_latency_seconds</c> by <c>channel</c> and <c>outcome</c>). Labels are names of
/// states, kinds, channels and outcomes only: never a patient's data nor any id.
/// </summary>
public sealed class SchedulingMetrics
{
    /// <summary>From a tenth of a second to an hour: sends are due to the second, retries to the minute.</summary>
    private static readonly IReadOnlyList<double> Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly Counter<long> _messages;
    private readonly Histogram<double> _lateness;
    private readonly Histogram<double> _providerLatency;

    public SchedulingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SchedulingTelemetry.Name);
        _messages = meter.CreateCounter<long>(
            "scheduling_messages",
            description: "Outcomes the dispatcher recorded, by state, kind and channel."
        );
        _lateness = meter.CreateHistogram(
            "scheduling_message_lateness_seconds",
            unit: null,
            description: "How long after it was due each message was sent.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets }
        );
        _providerLatency = meter.CreateHistogram(
            "scheduling_provider_latency_seconds",
            unit: null,
            description: "How long the SMTP server or Twilio took to answer one send, by channel and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets }
        );
    }

    /// <summary>One outcome recorded; <paramref name="lateness"/> is given for a message that was sent.</summary>
    public void Recorded(MessageState state, MessageKind kind, Channel channel, Duration? lateness)
    {
        _messages.Add(
            1,
            new("state", state.ToString()),
            new("kind", kind.ToString()),
            new("channel", channel.ToString())
        );
        if (lateness is { } late)
        {
            _lateness.Record(
                Math.Max(0, late.TotalSeconds),
                new KeyValuePair<string, object?>("channel", channel.ToString())
            );
        }
    }

    /// <summary>A provider answered (or failed to) after <paramref name="elapsed"/>.</summary>
    public void ProviderAnswered(Channel channel, string outcome, TimeSpan elapsed) =>
        _providerLatency.Record(elapsed.TotalSeconds, new("channel", channel.ToString()), new("outcome", outcome));
}
