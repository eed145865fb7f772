using System.ComponentModel.DataAnnotations;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// How the dispatcher of each worker process claims and sends due messages, and the patients' frequency caps.
/// </summary>
public sealed class DispatchOptions : IValidatableObject
{
    public const string Section = "Messaging:Dispatch";

    /// <summary>Due messages claimed in one statement.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Messages in flight at once per process (SMTP connections and Twilio requests are latency-bound).
    /// Each in-flight message needs a database connection to record its outcome, so this stays below the
    /// process's connection pool (30 unless the connection string says otherwise); emails go at most one
    /// per SMTP connection (Email:Smtp:Connections).
    /// </summary>
    [Range(1, 512)]
    public int Parallelism { get; set; } = 24;

    /// <summary>How long the dispatcher waits when nothing is due before looking again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A claimed message is this worker's for this long; after a crash another worker takes it again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// One send's whole time limit (SMTP connect, sign-in and every step; the Twilio request), which must stay
    /// below <see cref="Lease"/> so that a send never outlives its claim. Unset: half the lease.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan? SendTimeout { get; set; }

    public TimeSpan SendLimit => SendTimeout ?? Lease / 2;

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Reminder SMS per patient in any 24 hours, over all their series; safety and survey messages do not
    /// count. 4 is the most one built-in series plans in a day: IV sessions on consecutive days at early or
    /// late hours bring reminders of three sessions into one day's window (README, "Quiet hours and caps").
    /// </summary>
    [Range(0, 100)]
    public int ReminderSmsPerDay { get; set; } = 4;

    /// <summary>
    /// Reminder SMS per patient in any 7 days: the 12 of a whole IV induction (6 sessions on consecutive
    /// days), and 2 more, one session's worth, for a session moved after its first reminder went.
    /// </summary>
    [Range(0, 500)]
    public int ReminderSmsPerWeek { get; set; } = 14;

    /// <summary>The caps as the rule that applies them (the dispatcher, the preview and the patient page).</summary>
    public ReminderCaps ReminderSmsCaps => new(ReminderSmsPerDay, ReminderSmsPerWeek);

    /// <summary>Off by default in the web host (it runs only where a Hangfire server runs).</summary>
    public bool Enabled { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SendLimit >= Lease)
        {
            yield return new ValidationResult(
                $"Messaging:Dispatch:SendTimeout ({SendLimit}) must be shorter than "
                    + $"Messaging:Dispatch:Lease ({Lease}).",
                [nameof(SendTimeout)]
            );
        }
    }
}
