using System.Text.RegularExpressions;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Messaging.Inbound;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>
/// The message lifecycle is one declaration (MessageLifecycle): the domain's methods take only its steps, and
/// the dispatcher's statements, which take the same steps in SQL for speed, write only states it allows.
/// </summary>
public sealed partial class MessageLifecycleTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 15, 0);
    private static readonly DispatchOptions Options = new();

    public static TheoryData<string, string> Statements() =>
        new() { { "claim", MessageQueue.ClaimSql }, { "recover", MessageQueue.RecoverSql } };

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_WritesOnlyStepsTheLifecycleAllows(string name, string sql)
    {
        var to = Enum.Parse<MessageState>(SetState().Match(sql).Groups[1].Value);
        var from = WhereStates()
            .Match(sql)
            .Groups[1]
            .Value.Split(',')
            .Select(s => Enum.Parse<MessageState>(s.Trim().Trim('\'')))
            .ToList();

        Assert.NotEmpty(from);
        Assert.All(from, state => Assert.True(MessageLifecycle.Allows(state, to), $"{name}: {state} -> {to}"));
    }

    [Fact]
    public void RecordStatement_WritesOnlyClaimedMessages_AndEveryOutcomeIsAStepFromSending()
    {
        var guards = ClaimedGuard().Matches(MessageQueue.RecordSql).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["Sending", "Sending"], guards);
        Assert.Equal(MessageState.Sending, MessageLifecycle.Claim.To);
        Assert.All(EveryRecord(), o =>
            Assert.True(
                MessageLifecycle.Allows(MessageState.Sending, o.State) && o.Transition.AllowsFrom(MessageState.Sending),
                o.Transition.ToString()
            )
        );
    }

    [Fact]
    public void ReportStatement_TakesItsStepsStateFromTheDeclaration()
    {
        Assert.Contains("m.state = ANY($7::text[])", DeliveryStatusHandler.ReportSql, StringComparison.Ordinal);
        Assert.Contains($"$5 = '{MessageState.Delivered}'", DeliveryStatusHandler.ReportSql, StringComparison.Ordinal);
        Assert.DoesNotContain("'Sent'", DeliveryStatusHandler.ReportSql, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryState_CanBeReached_AndOnlyDeliveredIsNeverLeft()
    {
        var reached = MessageLifecycle.All.Select(t => t.To).ToHashSet();
        var left = MessageLifecycle.All.SelectMany(t => t.From).ToHashSet();

        Assert.Equal(Enum.GetValues<MessageState>().ToHashSet(), reached);
        Assert.Equal([MessageState.Delivered], Enum.GetValues<MessageState>().Where(s => !left.Contains(s)));
    }

    /// <summary>Each method of the message, from every state: it moves exactly where its step allows it.</summary>
    public static TheoryData<string> Methods() => new(Steps.Keys);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Method_MovesOnlyFromTheStatesItsStepAllows(string method)
    {
        var (transition, take) = Steps[method];
        foreach (var state in Enum.GetValues<MessageState>())
        {
            var message = In(state);
            if (transition.AllowsFrom(state))
            {
                take(message);
                Assert.Equal(transition.To, message.State);
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => take(message));
                Assert.Equal(state, message.State);
            }
        }
    }

    [Fact]
    public void Methods_CoverEveryStepButThoseOnlyTheSqlTakes()
    {
        var sqlOnly = new[] { MessageLifecycle.Plan, MessageLifecycle.RecoverClaim, MessageLifecycle.ReportSent };

        Assert.Equal(
            MessageLifecycle.All.Except(sqlOnly).Select(t => t.Name).Order(),
            Steps.Values.Select(s => s.Transition.Name).Distinct().Order()
        );
    }

    [Fact]
    public void Retry_GivesAFreshAttemptBudget_AndHoldKeepsItsTypedReason()
    {
        var failed = In(MessageState.Failed);
        failed.Retry(At + Duration.FromMinutes(5));
        var held = In(MessageState.Planned);
        held.Hold(MessageReason.AppointmentCancelled, At);

        Assert.Equal(
            (MessageState.Planned, 0, At + Duration.FromMinutes(5)),
            (failed.State, failed.Attempts, failed.NextAttemptAt)
        );
        Assert.Equal((MessageState.Suppressed, "AppointmentCancelled"), (held.State, held.Reason));
    }

    private static readonly Dictionary<string, (MessageTransition Transition, Action<PlannedMessage> Take)> Steps =
        new()
        {
            ["Replan"] = (MessageLifecycle.Replan, m => m.Replan(At, At + Duration.FromHours(1), At)),
            ["Hold"] = (MessageLifecycle.Hold, m => m.Hold(MessageReason.AppointmentMoved, At)),
            ["Claim"] = (MessageLifecycle.Claim, m => m.Claim("w", At, At)),
            ["RecordSent"] = (MessageLifecycle.RecordSent, m => m.RecordSent("SM1", At)),
            ["RecordFailure"] = (MessageLifecycle.RecordFailure, m =>
                m.RecordFailure(MessageReason.Rejected, "x", true, At)
            ),
            ["RecordUnknown"] = (MessageLifecycle.RecordUnknown, m => m.RecordUnknown("x", null, At)),
            ["HoldAtSend"] = (MessageLifecycle.HoldAtSend, m => m.HoldAtSend(MessageReason.FrequencyCap, At)),
            ["ScheduleRetry"] = (MessageLifecycle.ScheduleRetry, m => m.ScheduleRetry(At, null, "busy", true, At)),
            ["ReportDelivered"] = (MessageLifecycle.ReportDelivered, m => m.ReportDelivered(At)),
            ["ReportUndelivered"] = (MessageLifecycle.ReportUndelivered, m => m.ReportUndelivered("Twilio 30003", At)),
            ["Retry"] = (MessageLifecycle.Retry, m => m.Retry(At)),
        };

    /// <summary>A message brought to <paramref name="state"/> by the lifecycle's own steps.</summary>
    private static PlannedMessage In(MessageState state)
    {
        var message = new PlannedMessage(At, At + Duration.FromDays(1), At)
        {
            SubjectId = Guid.NewGuid(),
            PlanKey = PlanKey.Reminder(Duration.FromHours(24)),
            Kind = MessageKind.Reminder,
            Channel = Channel.Sms,
        };
        if (state == MessageState.Planned)
        {
            return message;
        }

        message.Claim("w", At, At);
        Action<PlannedMessage> then = state switch
        {
            MessageState.Sending => _ => { },
            MessageState.Sent => m => m.RecordSent("SM1", At),
            MessageState.Delivered => m =>
            {
                m.RecordSent("SM1", At);
                m.ReportDelivered(At);
            },
            MessageState.Failed => m => m.RecordFailure(MessageReason.Rejected, "x", true, At),
            MessageState.Unknown => m => m.RecordUnknown("x", null, At),
            _ => m => m.HoldAtSend(MessageReason.FrequencyCap, At),
        };
        then(message);
        Assert.Equal(state, message.State);
        return message;
    }

    private static IEnumerable<SendRecord> EveryRecord()
    {
        var claimed = new ClaimedMessage(
            Guid.NewGuid(),
            MessageKind.Reminder,
            Channel.Sms,
            Guid.NewGuid(),
            PlanKey.Reminder(Duration.FromHours(24)),
            Guid.NewGuid(),
            null,
            null,
            null,
            null,
            At,
            At + Duration.FromDays(1),
            0,
            false,
            ""
        );
        var last = claimed with { Attempts = Options.MaxAttempts };
        SendResult[] results =
        [
            SendResult.Accepted("SM1"),
            SendResult.Transient("busy", "20429"),
            SendResult.Permanent(PermanentReason.OptedOut, "stop", "21610"),
            SendResult.Unknown("dropped", null),
            SendResult.AuthenticationRefused("Authenticate", "20003"),
        ];
        foreach (var result in results)
        {
            yield return SendRecordPolicy.From(result, claimed, Options, At);
            yield return SendRecordPolicy.From(result, last, Options, At);
        }

        yield return SendRecordPolicy.SendThrew(new FormatException("x"));
        yield return SendRecordPolicy.From(new Decision.Suppress(MessageReason.NoConsent));
        yield return SendRecordPolicy.From(new Decision.Fail(MessageReason.ContentCheck, "x"));
        yield return SendRecordPolicy.From(new Decision.Defer(At, MessageReason.OutsideSendingWindow));
    }

    [GeneratedRegex(@"SET state = '(\w+)'")]
    private static partial Regex SetState();

    [GeneratedRegex(@"WHERE state IN \(([^)]*)\)")]
    private static partial Regex WhereStates();

    [GeneratedRegex(@"m\.state = '(\w+)'")]
    private static partial Regex ClaimedGuard();
}
