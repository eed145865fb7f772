using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;

namespace Scheduling.Core.Alerts;

/// <summary>Safety alerts for clinicians: listed until someone acknowledges them, and who did is audited.</summary>
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

        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => wanted == null || a.State == wanted)
            .OrderByDescending(a => a.CreatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);

        // The list carries what patients answered, so reading it is audited as the alerts page is.
        var patients = alerts.Select(a => a.PatientId).Distinct();
        audit.Record("viewed", "Alerts", Guid.Empty, details: new { patients });
        await db.SaveChangesAsync(cancellationToken);
        return alerts.Select(View).ToList();
    }

    public async Task<Outcome<AlertView>> AcknowledgeAsync(Guid id, AcknowledgeInput? input, CancellationToken cancellationToken)
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

        if (alert.State == AlertState.Acknowledged)
        {
            return Outcome<AlertView>.Conflict("This alert was already acknowledged.");
        }

        alert.State = AlertState.Acknowledged;
        alert.AcknowledgedAt = clock.GetCurrentInstant();
        alert.AcknowledgedBy = actor.Id;
        alert.Note = string.IsNullOrWhiteSpace(input?.Note) ? null : input.Note.Trim();
        audit.Record("acknowledged", nameof(SafetyAlert), alert.Id, alert.PatientId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<AlertView>.Conflict("Someone else acknowledged this alert at the same moment.");
        }

        return View(alert);
    }

    public static AlertView View(SafetyAlert a) => new(
        a.Id, a.PatientId, a.ClinicId, a.SurveyId, a.Kind.ToString(), Wire.Format(a.CreatedAt), a.State.ToString(),
        a.AcknowledgedAt is { } at ? Wire.Format(at) : null, a.AcknowledgedBy, a.Note,
        a.Answers.Count > 0 ? a.Answers[0].Answers : null,
        a.Answers.Count > 0 ? Wire.Format(a.Answers[0].At) : null,
        [.. a.Answers.Skip(1).Select(p => new AnswersView(Wire.Format(p.At), p.Answers))]);
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
    IReadOnlyList<AnswersView> LaterAnswers);

/// <summary>
/// A post of the survey form as the patient sent it, by item ("9" → "2"), values as received (text, so that
/// an answer off the scale or not a number is shown as given); unanswered items are absent.
/// </summary>
public sealed record AnswersView(string At, IReadOnlyDictionary<string, string> Answers);
