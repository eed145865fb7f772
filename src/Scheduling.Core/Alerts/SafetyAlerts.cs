using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Core.Telemetry;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Alerts;

/// <summary>
/// Raises a safety alert from a survey answer, in the caller's unit of work: one alert per survey and
/// kind, however often the form is sent. A self-harm alert also pages each of the clinic's on-call
/// contacts by SMS and email: urgent messages, claimed before anything else and sent at any hour.
/// </summary>
public sealed class SafetyAlerts(SchedulingDbContext db, IClock clock)
{
    /// <summary>
    /// An alert page is worth retrying for this long; after that the open alert on the board is what remains.
    /// </summary>
    private static readonly Duration PageLifetime = Duration.FromHours(12);

    private static readonly Channel[] BothChannels = [Channel.Sms, Channel.Email];

    /// <summary>
    /// The alert raised (null when the survey already has one of this kind) and how many pages it planned.
    /// </summary>
    public Task<(SafetyAlert? Alert, int Pages)> RaiseAsync(
        Survey survey,
        Clinic clinic,
        AlertKind kind,
        CancellationToken cancellationToken
    ) => RaiseAsync(survey, clinic, kind, null, cancellationToken);

    /// <summary>As above; a new alert keeps <paramref name="answers"/>, the post that raised it.</summary>
    public async Task<(SafetyAlert? Alert, int Pages)> RaiseAsync(
        Survey survey,
        Clinic clinic,
        AlertKind kind,
        AnswersGiven? answers,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(clinic);
        if (await db.Alerts.AnyAsync(a => a.SurveyId == survey.Id && a.Kind == kind, cancellationToken))
        {
            return (null, 0);
        }

        var now = clock.GetCurrentInstant();
        var alert = new SafetyAlert
        {
            PatientId = survey.PatientId,
            ClinicId = clinic.Id,
            SurveyId = survey.Id,
            Kind = kind,
            CreatedAt = now,
            State = AlertState.Open,
            Answers = answers is null ? [] : [answers],
        };
        db.Alerts.Add(alert);
        if (kind != AlertKind.SelfHarmRisk)
        {
            return (alert, 0);
        }

        var pages = 0;
        foreach (var contact in clinic.OnCall.Where(c => c.RemovedAt is null).OrderBy(c => c.Position))
        {
            foreach (var channel in BothChannels)
            {
                db.Messages.Add(
                    new PlannedMessage(now, now + PageLifetime, now)
                    {
                        SubjectId = alert.Id,
                        PlanKey = PlanKey.Page(contact.Id),
                        Kind = MessageKind.SafetyAlert,
                        Channel = channel,
                        OnCallContactId = contact.Id,
                        AlertId = alert.Id,
                        Urgent = true,
                        TraceParent = SchedulingTelemetry.CurrentTraceParent(),
                    }
                );
                pages++;
            }
        }

        return (alert, pages);
    }

    /// <summary>
    /// Keeps a later post of a survey's form with every alert the survey already has, whatever it says: a
    /// patient who changes or takes back an answer is as much the clinician's business. One statement, so
    /// it never races a clinician acknowledging the alert; past <see cref="AnswersGiven.KeptPerAlert"/> the
    /// newest post replaces the last one kept.
    /// </summary>
    public Task<int> KeepAnswersAsync(Guid surveyId, AnswersGiven answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var post = AnswersGivenJson.Serialize([answers]);
        return db.Database.ExecuteSqlAsync(
            $"""
            UPDATE scheduling.alerts
            SET answers = CASE WHEN jsonb_array_length(answers) < {AnswersGiven.KeptPerAlert} THEN answers
                               ELSE answers - (-1) END || CAST({post} AS jsonb)
            WHERE survey_id = {surveyId}
            """,
            cancellationToken
        );
    }
}
