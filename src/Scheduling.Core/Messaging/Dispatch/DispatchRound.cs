using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Scheduling.Core.Messaging.Email;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;
using Scheduling.Core.Telemetry;
using Scheduling.Domain.Messaging;

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
    SchedulingMetrics metrics,
    ILogger<DispatchRound> logger
)
{
    /// <summary>Sends what is due now; returns how many messages it claimed (0 when nothing was due).</summary>
    public async Task<int> RunAsync(string worker, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetCurrentInstant();
        var claimedAt = Stopwatch.GetTimestamp();
        var claimed = await queue.ClaimAsync(
            worker,
            now,
            Duration.FromTimeSpan(settings.Lease),
            settings.BatchSize,
            cancellationToken
        );
        if (claimed.Count == 0)
        {
            return 0;
        }

        DispatchContext context;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            context = await DispatchContext.LoadAsync(db, claimed, now, cancellationToken);
        }

        // Emails go no faster than the SMTP connections take them: one that waited for a connection after
        // its confirmation would leave a cancel that commits meanwhile unseen.
        var decisions = claimed
            .Select(m => new Claim(m, Decide(m, context, now), claimedAt))
            .ToLookup(d => d.Decision is Decision.Send { Payload: EmailMessage });
        var emailParallelism = Math.Min(settings.Parallelism, emailOptions.Value.Smtp.Connections);
        await Task.WhenAll(
            CompleteAllAsync(worker, decisions[true], emailParallelism, cancellationToken),
            CompleteAllAsync(worker, decisions[false], settings.Parallelism, cancellationToken)
        );
        return claimed.Count;
    }

    private Task CompleteAllAsync(
        string worker,
        IEnumerable<Claim> claims,
        int parallelism,
        CancellationToken cancellationToken
    ) =>
        Parallel.ForEachAsync(
            claims,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (claim, token) => await CompleteIsolatedAsync(worker, claim, token)
        );

    /// <summary>
    /// Whatever one message throws stays with that message (docs/style.md, example 19): the others of the
    /// batch, the loop and the process carry on. Preparation is caught in <see cref="Decide"/> and a send
    /// in <see cref="CompleteAsync"/>; what is left here is the database failing past the lease, after which
    /// the claim is put back (with an unknown attempt) by whichever worker recovers it.
    /// </summary>
    private async Task CompleteIsolatedAsync(string worker, Claim claim, CancellationToken cancellationToken)
    {
        try
        {
            await CompleteAsync(worker, claim, cancellationToken);
        }
        catch (Exception exception) when (!IsStopping(exception, cancellationToken))
        {
            LogMessageAbandoned(exception, claim.Message.Id);
        }
    }

    private Decision Decide(ClaimedMessage message, DispatchContext context, Instant now)
    {
        try
        {
            return composer.Decide(message, context, now);
        }
        catch (Exception exception)
        {
            // Its data, its zone or its template: the message fails alone, with a work item (FailureFollowUp).
            LogPreparationFailed(exception, message.Id);
            return SendRecordPolicy.PreparationThrew(exception);
        }
    }

    private async Task CompleteAsync(string worker, Claim claim, CancellationToken cancellationToken)
    {
        var (message, decision, leaseFrom) = claim;
        using var activity = SchedulingTelemetry.StartSend(message.Id, message.TraceParent);
        if (decision is Decision.Send)
        {
            leaseFrom = Stopwatch.GetTimestamp();
            switch (await ConfirmAsync(worker, message, cancellationToken))
            {
                case ClaimCheck.Lost:
                    LogClaimLost(message.Id);
                    return;
                case ClaimCheck.Changed:
                    // Back to the queue at once: the next round decides again on what holds now.
                    decision = new Decision.Defer(clock.GetCurrentInstant(), MessageReason.ChangedWhileClaimed);
                    break;
            }
        }

        if (decision is Decision.Send withLinks && !await CommitLinksAsync(withLinks, message.Id, cancellationToken))
        {
            decision = new Decision.Defer(clock.GetCurrentInstant(), MessageReason.LinkNotSaved);
        }

        SendResult? result = null;
        SendRecord record;
        if (decision is Decision.Send send)
        {
            try
            {
                var sending = Stopwatch.GetTimestamp();
                result = await SendAsync(send, cancellationToken);
                metrics.ProviderAnswered(message.Channel, $"{result.Status}", Stopwatch.GetElapsedTime(sending));
                record = SendRecordPolicy.From(result, message, options.Value, clock.GetCurrentInstant());
            }
            catch (Exception exception) when (!IsStopping(exception, cancellationToken))
            {
                LogSendFailed(exception, message.Id);
                record = SendRecordPolicy.SendThrew(exception);
            }
        }
        else
        {
            record = SendRecordPolicy.From(decision);
        }

        var now = clock.GetCurrentInstant();

        // The record is written even when the host is stopping, and retried through a database outage for as
        // long as the claim is ours: the provider already has the message, and an unrecorded send would go out
        // again after the lease.
        var none = CancellationToken.None;
        await Persistently(leaseFrom, () => queue.RecordAsync(worker, now, message.Id, record, none));
        await Persistently(Stopwatch.GetTimestamp(), () => followUp.RecordAsync(message, record, result, now, none));
        LogRecorded(message.Id, $"{message.Kind}", $"{message.Channel}", $"{record.State}", record.Reason?.Name);
        metrics.Recorded(
            record.State,
            message.Kind,
            message.Channel,
            record.State == MessageState.Sent ? now - message.DueAt : null
        );
        activity?.SetTag("scheduling.message.state", $"{record.State}");
    }

    /// <summary>
    /// One send's whole time limit, below the lease (<see cref="DispatchOptions.SendLimit"/>): the SMTP connect,
    /// sign-in and every step, or the Twilio request. The senders give up on cancellation only before anything
    /// was handed over, so running out of time there is transient; after the hand-over it is an unknown outcome.
    /// </summary>
    private async Task<SendResult> SendAsync(Decision.Send send, CancellationToken cancellationToken)
    {
        var limit = options.Value.SendLimit;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return send.Payload switch
            {
                EmailMessage mail => await email.SendAsync(mail, timeout.Token),
                SmsMessage text => await sms.SendAsync(text, timeout.Token),
                _ => throw new InvalidOperationException($"Cannot send a {send.Payload.GetType().Name}."),
            };
        }
        catch (OperationCanceledException)
            when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return SendResult.Transient($"Nothing was handed over within the send's limit of {limit}.", "Send timeout");
        }
    }

    /// <summary>
    /// A link (to a survey or to the patient's own page) goes out only once its hash is committed; when the database
    /// cannot take it, the message waits for the next round.
    /// </summary>
    private async Task<bool> CommitLinksAsync(Decision.Send send, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            if (send.Link is { } survey)
            {
                await links.CommitAsync(survey, clock.GetCurrentInstant(), cancellationToken);
            }

            if (send.PageLink is { } page)
            {
                await links.CommitAsync(page, clock.GetCurrentInstant(), cancellationToken);
            }

            return true;
        }
        catch (Npgsql.NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogLinkNotSaved(exception, messageId);
            return false;
        }
    }

    /// <summary>
    /// A confirmation the database could not give (a restart, a deadlock) is a change: not sending is always safe.
    /// </summary>
    private async Task<ClaimCheck> ConfirmAsync(
        string worker,
        ClaimedMessage message,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await queue.ConfirmAsync(
                worker,
                clock.GetCurrentInstant(),
                Duration.FromTimeSpan(options.Value.Lease),
                message,
                cancellationToken
            );
        }
        catch (Npgsql.NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogConfirmFailed(exception, message.Id);
            return ClaimCheck.Changed;
        }
    }

    /// <summary>
    /// Retries a write through a database outage while the claim is still ours: the lease was set on the
    /// database's clock no earlier than <paramref name="leaseFrom"/> (taken before the claim or confirmation
    /// statement was sent), so until a lease has passed on this machine's monotonic clock no other worker can
    /// have taken the message back. After that the write would find the claim gone and change nothing.
    /// </summary>
    private async Task Persistently(long leaseFrom, Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Npgsql.NpgsqlException) when (Stopwatch.GetElapsedTime(leaseFrom) + RetryPause(attempt) < Lease)
            {
                await Task.Delay(RetryPause(attempt));
            }
        }
    }

    private TimeSpan Lease => options.Value.Lease;

    private static bool IsStopping(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private static TimeSpan RetryPause(int attempt) => TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000));

    private sealed record Claim(ClaimedMessage Message, Decision Decision, long LeaseFrom);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Message {MessageId} not sent: its claim ran out before its turn and is no longer this worker's"
    )]
    private partial void LogClaimLost(Guid messageId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Message {MessageId} not sent this round: its claim could not be confirmed"
    )]
    private partial void LogConfirmFailed(Exception exception, Guid messageId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Message {MessageId} not sent this round: its survey link could not be saved"
    )]
    private partial void LogLinkNotSaved(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be prepared; it fails alone")]
    private partial void LogPreparationFailed(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: its send threw; it fails alone")]
    private partial void LogSendFailed(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} left to its lease: it could not be finished")]
    private partial void LogMessageAbandoned(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({Kind} by {Channel}): {State} {Reason}")]
    private partial void LogRecorded(Guid messageId, string kind, string channel, string state, string? reason);
}
