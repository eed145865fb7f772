using System.ComponentModel.DataAnnotations;

namespace Scheduling.Core.Alerts;

/// <summary>How often an open self-harm alert is paged again (docs/api-contract.md, "Nothing silent").</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Paged again, to the next on-call contact in order, once this long has passed unacknowledged.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RepageAfter { get; set; } = TimeSpan.FromMinutes(10);
}
