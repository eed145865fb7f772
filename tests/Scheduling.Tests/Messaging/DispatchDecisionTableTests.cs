using System.Globalization;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// Every pure decision of the dispatcher as a table, one row per case, with the expectations written from the rules
/// (README, "Message dispatch"; docs/style.md, example 6), not from the code: what a provider's answer makes of the
/// message (sent; failed with the reason of a permanent refusal; unknown, never repeated; a transient failure tried
/// again until the last attempt or the deadline), the backoff between attempts (30 s, doubled each time, at most
/// 30 minutes), and what a decision that sends nothing records. No database: these run in milliseconds.
/// </summary>
public sealed class DispatchDecisionTableTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly DispatchOptions Defaults = new();

    private static ClaimedMessage Claimed(int attempts, Duration? untilDeadline = null) =>
        new(
            Guid.CreateVersion7(),
            MessageKind.Reminder,
            Channel.Sms,
            Guid.CreateVersion7(),
            PlanKey.Reminder(Duration.FromHours(24)),
            Guid.CreateVersion7(),
            null,
            Guid.CreateVersion7(),
            null,
            null,
            Now,
            Now + (untilDeadline ?? Duration.FromDays(1)),
            attempts,
            false,
            ""
        );

    /// <summary>
    /// The defaults the rule names: 10 attempts, the first retry after 30 s, no wait longer than 30 minutes.
    /// </summary>
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.Equal(10, Defaults.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), Defaults.FirstRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(30), Defaults.MaxRetryDelay);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 480)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)] // 1,920 s would be past the cap
    [InlineData(8, 1800)]
    [InlineData(10, 1800)]
    [InlineData(40, 1800)] // past the point where the delay as a TimeSpan would overflow
    [InlineData(50, 1800)]
    public void Backoff_StartsAtTheFirstDelay_DoublesEachAttempt_AndStopsAtTheCap(int attempt, int seconds)
    {
        Assert.Equal(Duration.FromSeconds(seconds), SendRecordPolicy.RetryDelay(attempt, Defaults));
    }

    [Theory]
    [InlineData(1, "00:01:00", "00:05:00", 60)]
    [InlineData(3, "00:01:00", "00:05:00", 240)]
    [InlineData(4, "00:01:00", "00:05:00", 300)]
    [InlineData(2, "00:10:00", "00:05:00", 300)] // a cap below the first delay wins
    public void Backoff_FollowsTheConfiguredDelays(int attempt, string first, string cap, int seconds)
    {
        var options = new DispatchOptions
        {
            FirstRetryDelay = TimeSpan.Parse(first, CultureInfo.InvariantCulture),
            MaxRetryDelay = TimeSpan.Parse(cap, CultureInfo.InvariantCulture),
        };

        Assert.Equal(Duration.FromSeconds(seconds), SendRecordPolicy.RetryDelay(attempt, options));
    }

    public static TheoryData<string, SendResult, string, string?, AttemptResult> Answers =>
        new()
        {
            { "accepted", SendResult.Accepted("SM1"), "Sent", null, AttemptResult.Accepted },
            {
                "opted out",
                SendResult.Permanent(PermanentReason.OptedOut, "unsubscribed", "Twilio 21610"),
                "Failed",
                "OptedOut",
                AttemptResult.PermanentFailure
            },
            {
                "no such number",
                SendResult.Permanent(PermanentReason.InvalidAddress, "not a mobile", "Twilio 21614"),
                "Failed",
                "InvalidAddress",
                AttemptResult.PermanentFailure
            },
            {
                "no such mailbox",
                SendResult.Permanent(PermanentReason.MailboxUnavailable, "no mailbox", "SMTP 550"),
                "Failed",
                "MailboxUnavailable",
                AttemptResult.PermanentFailure
            },
            {
                "refused otherwise",
                SendResult.Permanent(PermanentReason.Rejected, "content refused", "SMTP 554"),
                "Failed",
                "Rejected",
                AttemptResult.PermanentFailure
            },
            {
                "lost answer",
                SendResult.Unknown("connection reset after the body", "SMTP"),
                "Unknown",
                "OutcomeUnknown",
                AttemptResult.Unknown
            },
            { "busy", SendResult.Transient("busy", "Twilio 20429"), "Planned", null, AttemptResult.TransientFailure },
            {
                "credentials refused",
                SendResult.AuthenticationRefused("Authenticate", "Twilio 20003"),
                "Planned",
                "ProviderAuthentication",
                AttemptResult.TransientFailure
            },
        };

    /// <summary>
    /// A first attempt with a day left before the deadline: each answer of a provider, and what it makes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Answers))]
    public void ProviderAnswer_OnTheFirstAttempt(
        string answer,
        SendResult result,
        string state,
        string? reason,
        AttemptResult attempt
    )
    {
        var outcome = SendRecordPolicy.From(result, Claimed(attempts: 0), Defaults, Now);

        Assert.Equal((state, reason, attempt), (outcome.State.ToString(), outcome.Reason?.Name, outcome.Attempt));
        Assert.True(answer.Length > 0);
    }

    [Fact]
    public void Accepted_KeepsTheProvidersId_AndNoError()
    {
        var outcome = SendRecordPolicy.From(SendResult.Accepted("SM123"), Claimed(attempts: 3), Defaults, Now);

        Assert.Equal(("SM123", null, null), (outcome.ProviderId, outcome.Error, outcome.NextAttemptAt));
    }

    [Fact]
    public void Unknown_KeepsWhatTheProviderSaid_SoThatNobodySendsItBlindlyAgain()
    {
        var result = new SendResult(SendStatus.Unknown, "SM9", "timed out after the request", "Twilio");

        var outcome = SendRecordPolicy.From(result, Claimed(attempts: 0), Defaults, Now);

        Assert.Equal(
            (MessageState.Unknown, "SM9", "Twilio: timed out after the request", null),
            (outcome.State, outcome.ProviderId, outcome.Error, outcome.NextAttemptAt)
        );
    }

    [Fact]
    public void Permanent_RecordsTheCodeWithTheProvidersWords_AndIsNotRetried()
    {
        var result = SendResult.Permanent(PermanentReason.OptedOut, "unsubscribed", "Twilio 21610");

        var outcome = SendRecordPolicy.From(result, Claimed(attempts: 0), Defaults, Now);

        Assert.Equal(("Twilio 21610: unsubscribed", null), (outcome.Error, outcome.NextAttemptAt));
    }

    /// <summary>
    /// A transient failure: attempts made before this one, time left before the deadline, and what follows. The n-th
    /// attempt that fails waits the n-th delay (30 s, 60 s, ...); the tenth is the last; a retry due after the
    /// deadline is not planned. The deadline itself is still in time.
    /// </summary>
    [Theory]
    [InlineData(0, 1440, "Planned", null, 30)]
    [InlineData(1, 1440, "Planned", null, 60)]
    [InlineData(5, 1440, "Planned", null, 960)]
    [InlineData(8, 1440, "Planned", null, 1800)] // the ninth attempt failed: one more is allowed
    [InlineData(9, 1440, "Failed", "RetriesExhausted", null)] // the tenth attempt failed
    [InlineData(12, 1440, "Failed", "RetriesExhausted", null)]
    [InlineData(0, 1, "Planned", null, 30)] // the retry falls inside the last minute
    [InlineData(1, 1, "Planned", null, 60)] // the retry is due at the deadline itself
    [InlineData(2, 1, "Failed", "DeadlinePassed", null)] // the retry would be a minute late
    [InlineData(0, 0, "Failed", "DeadlinePassed", null)]
    public void TransientFailure_IsTriedAgain_UntilTheLastAttemptOrTheDeadline(
        int attemptsBefore,
        int minutesToDeadline,
        string state,
        string? reason,
        int? retryInSeconds
    )
    {
        var message = Claimed(attemptsBefore, Duration.FromMinutes(minutesToDeadline));

        var outcome = SendRecordPolicy.From(SendResult.Transient("busy", "Twilio 20429"), message, Defaults, Now);

        Assert.Equal(
            (state, reason, retryInSeconds is { } s ? Now + Duration.FromSeconds(s) : (Instant?)null),
            (outcome.State.ToString(), outcome.Reason?.Name, outcome.NextAttemptAt)
        );
        Assert.Equal(AttemptResult.TransientFailure, outcome.Attempt);
    }

    /// <summary>
    /// Refused credentials keep their reason while retried, and when retrying ends, for the watchdog's alarm.
    /// </summary>
    [Theory]
    [InlineData(0, 1440, "Planned")]
    [InlineData(9, 1440, "Failed")]
    [InlineData(0, 0, "Failed")]
    public void RefusedCredentials_KeepTheirReason_WhetherRetriedOrGivenUp(
        int attemptsBefore,
        int minutes,
        string state
    )
    {
        var message = Claimed(attemptsBefore, Duration.FromMinutes(minutes));

        var outcome = SendRecordPolicy.From(SendResult.AuthenticationRefused("no", "SMTP 535"), message, Defaults, Now);

        Assert.Equal((state, "ProviderAuthentication"), (outcome.State.ToString(), outcome.Reason?.Name));
    }

    /// <summary>
    /// A decision that sends nothing: held back on purpose, our own failure, or deferred to the window.
    /// </summary>
    [Fact]
    public void DecisionThatSendsNothing_CountsNoAttempt_AndRecordsWhatItSays()
    {
        var opens = Now + Duration.FromHours(13);

        var held = SendRecordPolicy.From(new Decision.Suppress(MessageReason.NoConsent));
        var failed = SendRecordPolicy.From(new Decision.Fail(MessageReason.PreparationFailed, "no template"));
        var deferred = SendRecordPolicy.From(new Decision.Defer(opens, MessageReason.OutsideSendingWindow));

        Assert.Equal(
            (MessageState.Suppressed, "NoConsent", null, null, null),
            (held.State, held.Reason?.Name, held.Error, held.NextAttemptAt, held.Attempt)
        );
        Assert.Equal(
            (MessageState.Failed, "PreparationFailed", "no template", null, null),
            (failed.State, failed.Reason?.Name, failed.Error, failed.NextAttemptAt, failed.Attempt)
        );
        Assert.Equal(
            (MessageState.Planned, null, "OutsideSendingWindow", opens, null),
            (deferred.State, deferred.Reason?.Name, deferred.Error, deferred.NextAttemptAt, deferred.Attempt)
        );
        Assert.Throws<ArgumentException>(() => SendRecordPolicy.From(new Decision.Send(new object(), "+12025550111")));
    }

    /// <summary>
    /// What the rule's verdict becomes at the send: held is suppressed with its reason, waiting is deferred.
    /// </summary>
    [Fact]
    public void Verdict_BecomesTheDecision_ThatNamesItsReason()
    {
        var opens = Now + Duration.FromHours(13);

        Assert.Equal(
            new Decision.Suppress(MessageReason.NoConsent),
            SendChecks.FromVerdict(SendVerdict.Hold(MessageReason.NoConsent))
        );
        Assert.Equal(
            new Decision.Defer(opens, MessageReason.OutsideSendingWindow),
            SendChecks.FromVerdict(SendVerdict.Wait(opens, MessageReason.OutsideSendingWindow))
        );
        Assert.Null(SendChecks.FromVerdict(SendVerdict.Go));
    }
}
