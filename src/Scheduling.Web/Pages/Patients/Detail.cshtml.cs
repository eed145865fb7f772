using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Surveys;
using Scheduling.Core.Waitlist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Waitlist;
using Scheduling.Web.Api.Contracts.Alerts;
using Scheduling.Web.Api.Contracts.Messaging;
using Scheduling.Web.Api.Contracts.Patients;
using Scheduling.Web.Api.Contracts.Surveys;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Everything about one patient: details and consent ledger, series and sessions, every message with its
/// state and reason (for one still planned, the cap that will hold it back), surveys with their trend,
/// alerts. Each read goes through the API's use case, which audits it; the series read is audited here.
/// </summary>
public sealed class DetailModel(
    SchedulingDbContext db,
    PatientRequests patients,
    MessageHistory messages,
    SurveyHistory surveys,
    AuditLog audit,
    WaitlistBook waitlist
) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Result? Patient { get; private set; }

    /// <summary>The patient's waitlist entries, newest first (docs/waitlist.md).</summary>
    public IReadOnlyList<WaitlistEntry> Waitlist { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var patient = await patients.GetAsync(Id, cancellationToken);
        if (patient.Kind != OutcomeKind.Ok)
        {
            return NotFound();
        }

        var series = await db
            .Series.AsNoTracking()
            .Where(s => s.PatientId == Id)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SeriesRow(
                s.Id,
                s.TemplateCode,
                s.State.ToString(),
                s.CancelReason,
                s.Appointments.OrderBy(a => a.Number)
                    .Select(a => new SessionRow(
                        a.Id,
                        a.Number,
                        a.LocalStart,
                        a.TimeZoneId,
                        a.Status,
                        a.RideConfirmed,
                        a.PatientConfirmedAt != null,
                        a.CancelReason
                    ))
                    .ToList()
            ))
            .ToListAsync(cancellationToken);
        // Saved with the messages' read below.
        audit.Record(AuditLog.Viewed, $"{nameof(Domain.Patients.Patient)}.Series", Id, Id);
        var sent = MessageView.ListOf((await messages.ForPatientAsync(Id, cancellationToken)).Value!);
        var answered = SurveyView.ListOf((await surveys.ForPatientAsync(Id, cancellationToken)).Value!);
        var alerts = await db
            .Alerts.AsNoTracking()
            .Where(a => a.PatientId == Id)
            .OrderByDescending(a => a.CreatedAt)
            .ToListAsync(cancellationToken);
        var points = await db
            .Surveys.AsNoTracking()
            .Where(s =>
                s.PatientId == Id
                && s.State == SurveyState.Completed
                && s.CompletedAt != null
                && s.TotalScore != null
                && (s.Instrument == Instrument.Phq9 || s.Instrument == Instrument.Gad7)
            )
            .Select(s => new
            {
                s.Instrument,
                Point = new TrendPoint(s.CompletedAt!.Value, s.Occasion, s.TotalScore!.Value),
            })
            .ToListAsync(cancellationToken);
        var chart = new ScoreChart(
            ScoreTrend.For(Instrument.Phq9, points.Where(p => p.Instrument == Instrument.Phq9).Select(p => p.Point)),
            ScoreTrend.For(Instrument.Gad7, points.Where(p => p.Instrument == Instrument.Gad7).Select(p => p.Point))
        );
        Patient = new Result(patient.Value!, series, sent, answered, alerts.Select(AlertView.From).ToList(), chart);
        Waitlist = await waitlist.ForPatientAsync(Id, cancellationToken);
        return Page();
    }

    public sealed record Result(
        PatientView Patient,
        IReadOnlyList<SeriesRow> Series,
        IReadOnlyList<MessageView> Messages,
        IReadOnlyList<SurveyView> Surveys,
        IReadOnlyList<AlertView> Alerts,
        ScoreChart Chart
    );

    public sealed record SeriesRow(
        Guid Id,
        string TemplateCode,
        string State,
        string? CancelReason,
        IReadOnlyList<SessionRow> Sessions
    );

    public sealed record SessionRow(
        Guid Id,
        int Number,
        LocalDateTime Start,
        string TimeZone,
        AppointmentStatus Status,
        bool? RideConfirmed,
        bool Confirmed,
        string? CancelReason
    );
}
