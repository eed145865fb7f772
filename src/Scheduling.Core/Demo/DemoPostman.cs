using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Messaging;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Demo;

/// <summary>
/// Delivers the demo's past messages, each at its due time, by the steps of the message lifecycle (claimed, then
/// sent, or refused for good with the follow-up a refusal sets off): nothing reaches a provider, so seeding texts
/// and mails nobody. A survey message gets a link of its own, as the dispatcher gives it, whose token the demo's
/// patients answer with. Messages due at or after <see cref="Cutoff"/> stay planned for the running worker.
/// </summary>
public sealed class DemoPostman(IServiceScopeFactory scopes, Instant cutoff, IReadOnlySet<Guid> smsRefusedFor)
{
    private const string Worker = "demo-history";
    private readonly HashSet<Guid> _refused = [];

    public Instant Cutoff => cutoff;

    /// <summary>The raw token of each survey's link, with when it was sent.</summary>
    public Dictionary<Guid, (string Token, Instant SentAt)> Links { get; } = [];

    public async Task DeliverAsync(Instant upTo, CancellationToken cancellationToken)
    {
        var limit = upTo < cutoff ? upTo : cutoff - Duration.FromTicks(1);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<SchedulingDbContext>();
        var due = await db
            .Messages.Where(m => m.State == MessageState.Planned && m.DueAt <= limit)
            .OrderBy(m => m.DueAt)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return;
        }

        var surveyIds = due.Where(m => m.SurveyId is not null).Select(m => m.SurveyId!.Value).ToList();
        var surveys = await db
            .Surveys.AsNoTracking()
            .Where(s => surveyIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var refusals = new List<PlannedMessage>();
        var links = new List<(NewSurveyLink Link, Instant At)>();
        foreach (var message in due)
        {
            var at = message.DueAt;
            message.Claim(Worker, at + Duration.FromMinutes(2), at);
            if (Held(message, surveys, at) is { } reason)
            {
                message.HoldAtSend(reason, at);
            }
            else if (
                message.Channel == Channel.Sms
                && message.PatientId is { } patient
                && smsRefusedFor.Contains(patient)
                && _refused.Add(patient)
            )
            {
                message.RecordFailure(MessageReason.InvalidAddress, Refusal.Error, tried: true, at);
                refusals.Add(message);
            }
            else
            {
                if (
                    message.SurveyId is { } survey
                    && message.Kind is MessageKind.SurveyInvitation or MessageKind.SurveyReminder
                )
                {
                    var (token, hash) = SurveyToken.Mint();
                    Links.TryAdd(survey, (token, at));
                    links.Add((new NewSurveyLink(survey, message.Id, hash), at));
                }

                message.RecordSent($"demo-{Guid.NewGuid():N}", at);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var store = services.GetRequiredService<SurveyLinkStore>();
        foreach (var (link, at) in links)
        {
            await store.CommitAsync(link, at, cancellationToken);
        }

        var followUp = services.GetRequiredService<FailureFollowUp>();
        foreach (var message in refusals)
        {
            var failed = new FailedMessage(
                message.Id,
                message.Kind,
                message.Channel,
                message.PlanKey,
                message.PatientId,
                message.OnCallContactId,
                message.AlertId
            );
            var reason = MessageReason.InvalidAddress.Name;
            await followUp.RecordAsync(
                failed,
                MessageState.Failed,
                reason,
                Refusal,
                message.DueAt,
                null,
                cancellationToken
            );
        }
    }

    private static readonly SendResult Refusal = SendResult.Permanent(
        PermanentReason.InvalidAddress,
        "The 'To' number is not a valid phone number.",
        "Twilio 21211"
    );

    /// <summary>What the dispatcher's send rule would hold back here: a passed deadline, a survey closed.</summary>
    private static MessageReason? Held(PlannedMessage message, Dictionary<Guid, Survey> surveys, Instant at) =>
        at > message.NotAfter ? MessageReason.DeadlinePassed
        : message.SurveyId is { } id && surveys.TryGetValue(id, out var survey) && !survey.IsOpenAt(at)
            ? survey.State == SurveyState.Completed ? MessageReason.SurveyCompleted
                : MessageReason.SurveyClosed
        : null;
}
