using System.ComponentModel.DataAnnotations;

namespace Scheduling.Core.Jobs;

/// <summary>The Hangfire server of a process: the worker host always runs one, the web host when Enabled.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    public bool Enabled { get; set; }

    [Range(1, 100)]
    public int Count { get; set; } = 10;

    /// <summary>
    /// How often due delayed jobs are moved to their queue; Hangfire's default of 15 s is too late for reminders.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
