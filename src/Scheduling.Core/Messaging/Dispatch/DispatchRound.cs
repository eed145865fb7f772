using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// One round of dispatch: claim a batch of due messages, read what they refer to, decide each, send the
/// ones that go (many at once: SMTP and Twilio are latency-bound), and record every outcome as soon as
/// it is known, so the window in which a crash could cause a duplicate stays a few milliseconds wide.
/// Each message is confirmed right before its send (<see cref="MessageQueue.ConfirmAsync"/>), since the
/// last of a batch may go out seconds after the batch was decided.
/// </summary>
public sealed partial class DispatchRound(
    MessageQueue queue,
    MessageComposer composer,
    FailureFollowUp followUp,
    SurveyLinkStore links,
    IEmailSender email,
    ISmsSender sms,
    IServiceScopeFactory scopes,
    IClock clock,
    IOptions<DispatchOptions> options,
    IOptions<EmailOptions> emailOptions,
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

        // Emails go no faster than the SMTP connections take them: one that waited for a connection after
        // its confirmation would leave a cancel that commits meanwhile unseen.
        var decisions = claimed.Select(m => (Message: m, Decision: Decide(m, context, now))).ToLookup(d => d.Decision is Decision.Send { Payload: EmailMessage });
        await Task.WhenAll(
            CompleteAllAsync(worker, decisions[true], Math.Min(settings.Parallelism, emailOptions.Value.Smtp.Connections), cancellationToken),
            CompleteAllAsync(worker, decisions[false], settings.Parallelism, cancellationToken));
        return claimed.Count;
    }

    private Task CompleteAllAsync(string worker, IEnumerable<(ClaimedMessage Message, Decision Decision)> decisions, int parallelism, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            decisions,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, token) => await CompleteAsync(worker, item.Message, item.Decision, token));

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
        if (decision is Decision.Send)
        {
            switch (await ConfirmAsync(worker, message, cancellationToken))
            {
                case ClaimCheck.Lost:
                    LogClaimLost(message.Id);
                    return;
                case ClaimCheck.Changed:
                    // Back to the queue at once: the next round decides again on what holds now.
                    decision = new Decision.Defer(clock.GetCurrentInstant(), "ChangedWhileClaimed");
                    break;
            }
        }

        if (decision is Decision.Send { Link: { } link } && !await CommitLinkAsync(link, message.Id, cancellationToken))
        {
            decision = new Decision.Defer(clock.GetCurrentInstant(), "LinkNotSaved");
        }

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

    /// <summary>A survey link goes out only once its hash is committed; when the database cannot take it, the message waits for the next round.</summary>
    private async Task<bool> CommitLinkAsync(NewSurveyLink link, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            await links.CommitAsync(link, clock.GetCurrentInstant(), cancellationToken);
            return true;
        }
        catch (Npgsql.NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogLinkNotSaved(exception, messageId);
            return false;
        }
    }

    /// <summary>A confirmation the database could not give (a restart, a deadlock) is a change: not sending is always safe.</summary>
    private async Task<ClaimCheck> ConfirmAsync(string worker, ClaimedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.ConfirmAsync(worker, clock.GetCurrentInstant(), Duration.FromTimeSpan(options.Value.Lease), message, cancellationToken);
        }
        catch (Npgsql.NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogConfirmFailed(exception, message.Id);
            return ClaimCheck.Changed;
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} not sent: its claim ran out before its turn and is no longer this worker's")]
    private partial void LogClaimLost(Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} not sent this round: its claim could not be confirmed")]
    private partial void LogConfirmFailed(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} not sent this round: its survey link could not be saved")]
    private partial void LogLinkNotSaved(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({Kind} by {Channel}): {State} {Reason}")]
    private partial void LogOutcome(Guid messageId, string kind, string channel, string state, string? reason);
}
