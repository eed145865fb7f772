using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Jobs;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// Every recurring job the hosts register (through the same <see cref="RecurringJobs.Register"/>), run by
/// calling it on the simulated clock when its cron says so, in a scope of its own as Hangfire would. A job
/// added to the registration later runs here without a change.
/// </summary>
public sealed class RecurringJobRunner : IRecurringJobManager
{
    private readonly List<(string Id, Job Job, MinuteCron Cron)> _jobs = [];
    private readonly Dictionary<string, Instant> _lastRun = [];

    public RecurringJobRunner(Instant start)
    {
        RecurringJobs.Register(this);
        foreach (var (id, _, _) in _jobs)
        {
            _lastRun[id] = start;
        }
    }

    public IReadOnlyList<string> Ids => [.. _jobs.Select(j => j.Id)];

    /// <summary>Runs each job whose next occurrence after its last run has come; returns (id, exception) for
    /// those that threw.</summary>
    public async Task<IReadOnlyList<(string Id, Exception Error)>> RunDueAsync(IServiceProvider services, Instant now)
    {
        var failures = new List<(string, Exception)>();
        foreach (var (id, job, cron) in _jobs)
        {
            if (!cron.OccursAfterUpTo(_lastRun[id], now))
            {
                continue;
            }

            _lastRun[id] = now;
            await using var scope = services.CreateAsyncScope();
            try
            {
                var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, job.Type);
                if (job.Method.Invoke(instance, [.. job.Args]) is Task task)
                {
                    await task;
                }
            }
            catch (Exception exception)
            {
                var cause = exception is System.Reflection.TargetInvocationException { InnerException: { } inner }
                    ? inner
                    : exception;
                failures.Add((id, cause));
            }
        }

        return failures;
    }

    public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options)
    {
        _jobs.RemoveAll(j => j.Id == recurringJobId);
        _jobs.Add((recurringJobId, job, MinuteCron.Parse(cronExpression)));
    }

    public void Trigger(string recurringJobId) =>
        throw new NotSupportedException("The simulation runs jobs by their cron.");

    public void RemoveIfExists(string recurringJobId) => _jobs.RemoveAll(j => j.Id == recurringJobId);
}

/// <summary>
/// The cron expressions the registration uses (Hangfire keeps its parser internal): minute and hour fields
/// of "*", "*/n" or a number, every day. Anything else is refused, so a new job's schedule is never guessed.
/// </summary>
public sealed record MinuteCron(Func<int, bool> Minute, Func<int, bool> Hour)
{
    public static MinuteCron Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields.Skip(2).Any(f => f != "*"))
        {
            throw new NotSupportedException(
                $"The simulation cannot run a job on \"{expression}\"; teach MinuteCron that schedule."
            );
        }

        return new MinuteCron(Field(fields[0], expression), Field(fields[1], expression));
    }

    /// <summary>Whether a minute in (after, upTo] matches, in UTC.</summary>
    public bool OccursAfterUpTo(Instant after, Instant upTo)
    {
        var minute = after.InUtc().LocalDateTime;
        minute = minute.Date.At(new LocalTime(minute.Hour, minute.Minute));
        var end = upTo.InUtc().LocalDateTime;
        for (var i = 0; i < 24 * 60; i++)
        {
            minute = minute.PlusMinutes(1);
            if (minute > end)
            {
                return false;
            }

            if (Minute(minute.Minute) && Hour(minute.Hour))
            {
                return true;
            }
        }

        return true;
    }

    private static Func<int, bool> Field(string field, string expression) =>
        field switch
        {
            "*" => _ => true,
            _ when field.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(field[2..], out var every) => v =>
                v % every == 0,
            _ when int.TryParse(field, out var at) => v => v == at,
            _ => throw new NotSupportedException($"The simulation cannot run a job on \"{expression}\"."),
        };
}
