using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;

namespace Scheduling.Core.Alerts;

/// <summary>
/// Safety alerts for clinicians: listed until someone acknowledges them, and who did is audited; one
/// alert shows every page that went out for it.
/// </summary>
public sealed class AlertBoard(SchedulingDbContext db, IClock clock, IActor actor, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<AlertView>>> ListAsync(string? state, CancellationToken cancellationToken)
    {
        AlertState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Outcome<IReadOnlyList<AlertView>>.Invalid("state", "Expected open or acknowledged.");
            }

            wanted = parsed;
        }

        var alerts = await db
            .Alerts.AsNoTracking()
            .Where(a => wanted == null || a.State == wanted)
            .OrderByDescending(a => a.CreatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);

        // The list carries what patients answered, so reading it is audited as the alerts page is.
        audit.Listed("Alerts", Guid.Empty, alerts.Select(a => a.PatientId), new { state = wanted?.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return alerts.Select(View).ToList();
    }

    /// <summary>The alert with every page sent or planned for it, first pages first.</summary>
    public async Task<Outcome<AlertDetailView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Outcome<AlertDetailView>.NotFound($"There is no alert {id}.");
        }

        var pages = await db
            .Messages.AsNoTracking()
            .Where(m => m.AlertId == id && m.OnCallContactId != null)
            .Join(
                db.Set<OnCallContact>(),
                m => m.OnCallContactId,
                c => (Guid?)c.Id,
                (m, c) =>
                    new
                    {
                        m.Id,
                        Contact = c.Name,
                        m.Channel,
                        m.SentAt,
                        m.State,
                        m.Reason,
                        m.CreatedAt,
                    }
            )
            .OrderBy(p => p.CreatedAt)
            .ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
        await audit.ViewedAsync(nameof(SafetyAlert), id, alert.PatientId, cancellationToken);
        var view = View(alert);
        return new AlertDetailView(
            view.Id,
            view.PatientId,
            view.ClinicId,
            view.SurveyId,
            view.Kind,
            view.CreatedAt,
            view.State,
            view.AcknowledgedAt,
            view.AcknowledgedBy,
            view.Note,
            view.Answers,
            view.AnsweredAt,
            view.LaterAnswers,
            alert.LastPagedAt is { } paged ? Wire.Format(paged) : null,
            alert.PageRound,
            [
                .. pages.Select(p => new AlertPageView(
                    p.Id,
                    p.Contact,
                    p.Channel.ToString(),
                    p.SentAt is { } sent ? Wire.Format(sent) : null,
                    p.State.ToString(),
                    p.Reason
                )),
            ]
        );
    }

    /// <summary>
    /// Pages still waiting to go are not sent once someone has the alert. The re-paging job writes to the
    /// alert too, so a save that lost to it is tried again on the fresh row; one that lost to another
    /// clinician's acknowledgement is a conflict.
    /// </summary>
    public async Task<Outcome<AlertView>> AcknowledgeAsync(
        Guid id,
        AcknowledgeInput? input,
        CancellationToken cancellationToken
    )
    {
        if (input?.Note is { Length: > 2000 })
        {
            return Outcome<AlertView>.Invalid("note", "At most 2000 characters.");
        }

        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Outcome<AlertView>.NotFound($"There is no alert {id}.");
        }

        audit.Record("acknowledged", nameof(SafetyAlert), alert.Id, alert.PatientId);
        for (var attempt = 1; ; attempt++)
        {
            if (alert.State == AlertState.Acknowledged)
            {
                return Outcome<AlertView>.Conflict("This alert was already acknowledged.");
            }

            alert.State = AlertState.Acknowledged;
            alert.AcknowledgedAt = clock.GetCurrentInstant();
            alert.AcknowledgedBy = actor.Id;
            alert.Note = string.IsNullOrWhiteSpace(input?.Note) ? null : input.Note.Trim();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                await db.Entry(alert).ReloadAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome<AlertView>.Conflict("Someone else acknowledged this alert at the same moment.");
            }
        }

        var unsent = MessageLifecycle.Hold.From.Single();
        await db
            .Messages.Where(m => m.AlertId == id && m.State == unsent)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(m => m.State, MessageLifecycle.Hold.To)
                        .SetProperty(m => m.Reason, MessageReason.AlertAcknowledged.Name)
                        .SetProperty(m => m.UpdatedAt, alert.AcknowledgedAt!.Value),
                cancellationToken
            );
        return View(alert);
    }

    private const int SaveAttempts = 3;

    public static AlertView View(SafetyAlert a) =>
        new(
            a.Id,
            a.PatientId,
            a.ClinicId,
            a.SurveyId,
            a.Kind.ToString(),
            Wire.Format(a.CreatedAt),
            a.State.ToString(),
            a.AcknowledgedAt is { } at ? Wire.Format(at) : null,
            a.AcknowledgedBy,
            a.Note,
            a.Answers.Count > 0 ? a.Answers[0].Answers : null,
            a.Answers.Count > 0 ? Wire.Format(a.Answers[0].At) : null,
            [.. a.Answers.Skip(1).Select(p => new AnswersView(Wire.Format(p.At), p.Answers))]
        );
}

public sealed record AcknowledgeInput(string? Note);

/// <summary>
/// <see cref="Answers"/> (at <see cref="AnsweredAt"/>) is the post of the survey form that raised the alert,
/// as the patient sent it; <see cref="LaterAnswers"/> every later post of the same form (see
/// <see cref="AnswersView"/>). Alerts raised before answers were kept have none.
/// </summary>
public sealed record AlertView(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    Guid? SurveyId,
    string Kind,
    string CreatedAt,
    string State,
    string? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Note,
    IReadOnlyDictionary<string, string>? Answers,
    string? AnsweredAt,
    IReadOnlyList<AnswersView> LaterAnswers
);

/// <summary>
/// An alert as the list shows it, how often it was paged again, and every page
/// (docs/api-contract.md, "Nothing silent").
/// </summary>
public sealed record AlertDetailView(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    Guid? SurveyId,
    string Kind,
    string CreatedAt,
    string State,
    string? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Note,
    IReadOnlyDictionary<string, string>? Answers,
    string? AnsweredAt,
    IReadOnlyList<AnswersView> LaterAnswers,
    string? LastPagedAt,
    int PageRound,
    IReadOnlyList<AlertPageView> Pages
);

/// <summary>One page: to whom (the contact's name), how, when sent (null until then), state and reason.</summary>
public sealed record AlertPageView(
    Guid MessageId,
    string Contact,
    string Channel,
    string? SentAt,
    string State,
    string? Reason
);

/// <summary>
/// A post of the survey form as the patient sent it, by item ("9" → "2"), values as received (text, so that
/// an answer off the scale or not a number is shown as given); unanswered items are absent.
/// </summary>
public sealed record AnswersView(string At, IReadOnlyDictionary<string, string> Answers);
