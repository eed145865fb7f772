using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scheduling.Core.Alerts;
using Scheduling.Core.Audit;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Surveys;

/// <summary>
/// The patient's side of a survey link (GET and POST /s/{token}): the token is checked before anything
/// about the survey is read out, answers are scored, and what they mean is acted on in the same
/// transaction: safety alerts, a nurse call-back, the booster list. Answering closes the survey, so a
/// link works once. Concurrent posts of one link are serialised by a row lock on the survey.
/// </summary>
public sealed partial class SurveyResponses(
    SchedulingDbContext db,
    SafetyAlerts alerts,
    SurveyFollowUps followUps,
    DispatchSignal dispatcher,
    AuditLog audit,
    IClock clock,
    ILogger<SurveyResponses> logger
)
{
    private static readonly Dictionary<SurveyFlag, AlertKind> AlertKinds = new()
    {
        [SurveyFlag.SelfHarmRisk] = AlertKind.SelfHarmRisk,
        [SurveyFlag.SevereSideEffect] = AlertKind.SevereSideEffect,
    };

    public async Task<SurveyLookup> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (SurveyToken.TryHash(token) is not { } hash)
        {
            return SurveyLookup.Unavailable(LinkState.Unknown);
        }

        var survey = await db
            .SurveyLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash)
            .Join(db.Surveys.AsNoTracking(), l => l.SurveyId, s => s.Id, (_, s) => s)
            .SingleOrDefaultAsync(cancellationToken);
        return await LookupAsync(survey, cancellationToken);
    }

    public Task<SurveySubmission> SubmitAsync(
        string? token,
        IReadOnlyDictionary<string, int> answers,
        IReadOnlyDictionary<string, string[]> unreadable,
        CancellationToken cancellationToken
    ) => SubmitAsync(token, SurveyForm.FromAnswers(answers, unreadable), cancellationToken);

    /// <summary>
    /// A post of the form. On an open link it completes the survey when every answer is valid. On any link
    /// that leads to a survey (open, answered, expired or withdrawn) an answer that calls for a safety alert
    /// raises it, and every post is kept with the survey's alerts as given: a self-harm answer is never lost
    /// to a form sent incomplete, invalid, twice, or too late (docs/survey-planning.md, "Answers").
    /// </summary>
    public async Task<SurveySubmission> SubmitAsync(string? token, SurveyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (SurveyToken.TryHash(token) is not { } hash)
        {
            return new SurveySubmission(SurveyLookup.Unavailable(LinkState.Unknown), null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var survey = (
            await db
                .Surveys.FromSql(
                    $"""
                    SELECT s.* FROM scheduling.surveys s JOIN scheduling.survey_links l ON l.survey_id = s.id
                    WHERE l.token_hash = {hash} FOR UPDATE OF s
                    """
                )
                .ToListAsync(cancellationToken)
        ).SingleOrDefault();
        var lookup = await LookupAsync(survey, cancellationToken);
        if (survey is null)
        {
            return new SurveySubmission(lookup, null);
        }

        var now = clock.GetCurrentInstant();
        var scored = SurveyScoring.Score(survey.Instrument, form.Answers);
        var given = new AnswersGiven(now, form.Given);
        var alarming = scored.Flags.Where(AlertKinds.ContainsKey).ToList();
        var kept = await alerts.KeepAnswersAsync(survey.Id, given, cancellationToken);
        var clinic = lookup.Clinic ?? (alarming.Count > 0 ? await ClinicOfAsync(survey, cancellationToken) : null);
        var pages = clinic is null ? 0 : await RaiseAlertsAsync(survey, clinic, scored, given, cancellationToken);
        var open = lookup.State == LinkState.Open;
        var errors = scored
            .Errors.Concat(form.Unreadable)
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        if (open && errors.Count == 0)
        {
            survey.Complete(now, scored.Total, scored.Band, form.Answers);
            await followUps.ActOnAsync(survey, clinic!, scored, now, cancellationToken);
            audit.Record(
                "completed",
                nameof(Survey),
                survey.Id,
                survey.PatientId,
                new { instrument = survey.Instrument.ToString() }
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (pages > 0)
        {
            dispatcher.Wake();
        }

        if (!open)
        {
            // The link no longer opens the form, but what the post said reached the care team through an alert.
            var heard = kept > 0 || alarming.Count > 0;
            if (heard)
            {
                LogLatePost(survey.Id, lookup.State.ToString(), kept);
            }

            var result = heard ? new SurveyResult(alarming, new Dictionary<string, string[]>()) : null;
            return new SurveySubmission(lookup, result);
        }

        if (errors.Count > 0)
        {
            LogIncomplete(survey.Id, errors.Count);
        }
        else
        {
            LogCompleted(survey.Id, survey.Instrument.ToString());
        }

        return new SurveySubmission(lookup, new SurveyResult(scored.Flags, errors));
    }

    private async Task<int> RaiseAlertsAsync(
        Survey survey,
        Clinic clinic,
        ScoreResult scored,
        AnswersGiven given,
        CancellationToken cancellationToken
    )
    {
        var pages = 0;
        foreach (var (flag, kind) in AlertKinds)
        {
            if (
                scored.Has(flag)
                && await alerts.RaiseAsync(survey, clinic, kind, given, cancellationToken)
                    is { Alert: { } alert } raised
            )
            {
                pages += raised.Pages;
                LogAlert(alert.Id, kind.ToString(), survey.Id, raised.Pages);
                if (raised.Pages == 0 && kind == AlertKind.SelfHarmRisk)
                {
                    LogNoOnCall(alert.Id, clinic.Id);
                }
            }
        }

        return pages;
    }

    private Task<Clinic> ClinicOfAsync(Survey survey, CancellationToken cancellationToken) =>
        db
            .Patients.AsNoTracking()
            .Where(p => p.Id == survey.PatientId)
            .Join(db.Clinics.AsNoTracking().Include(c => c.OnCall), p => p.ClinicId, c => c.Id, (_, c) => c)
            .SingleAsync(cancellationToken);

    private async Task<SurveyLookup> LookupAsync(Survey? survey, CancellationToken cancellationToken)
    {
        if (survey is null)
        {
            return SurveyLookup.Unavailable(LinkState.Unknown);
        }

        var state = survey.State switch
        {
            SurveyState.Completed => LinkState.Used,
            SurveyState.Expired => LinkState.Expired,
            SurveyState.Suppressed => LinkState.Closed,
            _ when clock.GetCurrentInstant() >= survey.ExpiresAt => LinkState.Expired,
            _ => LinkState.Open,
        };
        if (state != LinkState.Open)
        {
            return SurveyLookup.Unavailable(state);
        }

        var clinic = await ClinicOfAsync(survey, cancellationToken);
        return new SurveyLookup(LinkState.Open, survey, InstrumentCatalog.Get(survey.Instrument), clinic);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey {SurveyId} ({Instrument}) completed")]
    private partial void LogCompleted(Guid surveyId, string instrument);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey {SurveyId} sent back with {Count} field error(s)")]
    private partial void LogIncomplete(Guid surveyId, int count);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Survey {SurveyId} posted while {State}: kept with {Kept} earlier alert(s), or raising one"
    )]
    private partial void LogLatePost(Guid surveyId, string state, int kept);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Safety alert {AlertId} ({Kind}) raised from survey {SurveyId}; {Pages} on-call message(s) planned"
    )]
    private partial void LogAlert(Guid alertId, string kind, Guid surveyId, int pages);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Safety alert {AlertId}: clinic {ClinicId} has no on-call contact to page; "
            + "the alert is on the board only"
    )]
    private partial void LogNoOnCall(Guid alertId, Guid clinicId);
}

/// <summary>What a link leads to. Nothing but the state is set unless the link is open.</summary>
public sealed record SurveyLookup(LinkState State, Survey? Survey, InstrumentDefinition? Definition, Clinic? Clinic)
{
    public static SurveyLookup Unavailable(LinkState state) => new(state, null, null, null);
}

public enum LinkState
{
    Open,

    /// <summary>No such link, or text that is not a token at all.</summary>
    Unknown,

    /// <summary>The survey was answered.</summary>
    Used,
    Expired,

    /// <summary>The survey was withdrawn (its session was cancelled or missed).</summary>
    Closed,
}

/// <summary>
/// Flags are set even when errors send the form back: a positive item 9 is acted on at once. On a link that
/// no longer opens the form, a result means the post reached the care team through an alert (only the
/// alerts' flags are set then).
/// </summary>
public sealed record SurveyResult(IReadOnlyList<SurveyFlag> Flags, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Completed => Errors.Count == 0;
}

public sealed record SurveySubmission(SurveyLookup Lookup, SurveyResult? Result);
