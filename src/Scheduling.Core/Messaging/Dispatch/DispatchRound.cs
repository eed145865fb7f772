using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// One round of dispatch: claim a batch of due messages, read what they refer to, decide each, send the
/// ones that go (many at once: SMTP and Twilio are latency-bound), and record every outcome as soon as
/// it is known, so the window in which a crash could cause a duplicate stays a few milliseconds wide.
/// </summary>
public sealed partial class DispatchRound(
    MessageQueue queue,
    MessageComposer composer,
    FailureFollowUp followUp,
    IEmailSender email,
    ISmsSender sms,
    IServiceScopeFactory scopes,
    IClock clock,
    IOptions<DispatchOptions> options,
    ILogger<DispatchRound> logger)
{
    /// <summary>Sends what is due now; returns how many messages it claimed (0 when nothing was due).</summary>
    public async Task<int> RunAsync(string worker, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetCurrentInstant();
        var claimed = await queue.ClaimAsync(worker, now, Duration.FromTimeSpan(settings.Lease), settings.BatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        DispatchContext context;
        await using (var scope = scopes.CreateAsyncScope())
        {
            context = await DispatchContext.LoadAsync(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>(), claimed, now, cancellationToken);
        }

        var decisions = claimed.Select(m => (Message: m, Decision: Decide(m, context, now))).ToList();
        await Parallel.ForEachAsync(
            decisions,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (item, token) => await CompleteAsync(worker, item.Message, item.Decision, token));
        return claimed.Count;
    }

    private Decision Decide(ClaimedMessage message, DispatchContext context, Instant now)
    {
        try
        {
            return composer.Decide(message, context, now);
        }
        catch (InvalidOperationException exception)
        {
            return new Decision.Fail("TemplateError", exception.Message);
        }
    }

    private async Task CompleteAsync(string worker, ClaimedMessage message, Decision decision, CancellationToken cancellationToken)
    {
        SendResult? result = null;
        var outcome = decision is Decision.Send send
            ? OutcomePolicy.From(result = await SendAsync(send), message, options.Value, clock.GetCurrentInstant())
            : OutcomePolicy.From(decision);
        var now = clock.GetCurrentInstant();

        // The outcome is written even when the host is stopping, and retried through a database hiccup:
        // the provider already has the message, and an unrecorded send would go out again after the lease.
        await Persistently(() => queue.RecordAsync(worker, now, message.Id, outcome, CancellationToken.None));
        await Persistently(() => followUp.RecordAsync(message, outcome, result, now, CancellationToken.None));
        LogOutcome(message.Id, message.Kind.ToString(), message.Channel.ToString(), outcome.State.ToString(), outcome.Reason);

        async Task<SendResult> SendAsync(Decision.Send send) => send.Payload switch
        {
            EmailMessage mail => await email.SendAsync(mail, cancellationToken),
            SmsMessage text => await sms.SendAsync(text, cancellationToken),
            _ => throw new InvalidOperationException($"Cannot send a {send.Payload.GetType().Name}."),
        };
    }

    private static async Task Persistently(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Npgsql.NpgsqlException) when (attempt < RecordAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    private const int RecordAttempts = 8;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({Kind} by {Channel}): {State} {Reason}")]
    private partial void LogOutcome(Guid messageId, string kind, string channel, string state, string? reason);
}
