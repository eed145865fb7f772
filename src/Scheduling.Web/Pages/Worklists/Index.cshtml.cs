using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Identity;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.Core.Rems;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Alerts;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Worklists;

/// <summary>
/// What needs someone's attention at one clinic: rides not confirmed for tomorrow and REMS forms due,
/// read live from the bookings; failed and unknown messages, read live from the messages; and the open
/// tasks the worker and the survey flow raise (call-backs, booster may be due, unanswered surveys).
/// </summary>
public sealed class IndexModel(
    SchedulingDbContext db,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit,
    WorkItemBoard board,
    MessageRetry retry,
    RemsRecords rems,
    IAuthorizationService authorization
) : PageModel
{
    private const int RowsPerList = 100;
    private static readonly Duration FailedWithin = Duration.FromDays(14);

    [BindProperty(SupportsGet = true)]
    public Guid? ClinicId { get; set; }

    public ClinicChoice Choice { get; private set; } = new([], null);

    public Result? Lists { get; private set; }

    public string? Done { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDoneAsync(Guid itemId, CancellationToken cancellationToken)
    {
        Done = (await board.DoneAsync(itemId, cancellationToken)).Report(ModelState, "The task is done.");
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid messageId, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FrontDesk)).Succeeded)
        {
            return Forbid();
        }

        Done = (await retry.RetryAsync(messageId, cancellationToken)).Report(
            ModelState,
            "The message will be sent again within a minute."
        );
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The session's REMS monitoring form was submitted: recorded now, by this user, with a reference.
    /// </summary>
    public async Task<IActionResult> OnPostRemsFormAsync(
        Guid appointmentId,
        string? reference,
        CancellationToken cancellationToken
    )
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FrontDesk)).Succeeded)
        {
            return Forbid();
        }

        var recorded = await rems.RecordFormAsync(appointmentId, new RemsRecord(null, reference), cancellationToken);
        Done = recorded.Report(ModelState, "The monitoring form is recorded as submitted.");
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The patient's REMS enrollment, recorded from its pending task.</summary>
    public async Task<IActionResult> OnPostRemsEnrollmentAsync(
        Guid patientId,
        string? reference,
        CancellationToken cancellationToken
    )
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FrontDesk)).Succeeded)
        {
            return Forbid();
        }

        var recorded = await rems.EnrollAsync(patientId, new RemsRecord(null, reference), cancellationToken);
        Done = recorded.Report(ModelState, "The REMS enrollment is recorded.");
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Choice = await ClinicChoice.LoadAsync(db, ClinicId, cancellationToken);
        if (Choice.Current is not { } clinic)
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var zone = zones[clinic.TimeZoneId];
        var tomorrow = now.InZone(zone).Date.PlusDays(1);
        var (from, to) = (
            tomorrow.AtStartOfDayInZone(zone).ToInstant(),
            tomorrow.PlusDays(1).AtStartOfDayInZone(zone).ToInstant()
        );
        var today = now.InZone(zone).Date;

        var rides = await Sessions(
            db.Appointments.Where(a =>
                a.ClinicId == clinic.Id
                && a.StartInstant >= from
                && a.StartInstant < to
                && a.Status == AppointmentStatus.Booked
                && a.RideConfirmed != true
            ),
            zone,
            cancellationToken
        );
        var forms = await Sessions(
            db.Appointments.Where(a =>
                a.ClinicId == clinic.Id
                && a.RemsFormDue != null
                && a.RemsFormSubmittedAt == null
                && (a.Status == AppointmentStatus.Arrived || a.Status == AppointmentStatus.Completed)
            ),
            zone,
            cancellationToken
        );
        var failed = await db
            .Messages.AsNoTracking()
            .Where(m =>
                (m.State == MessageState.Failed || m.State == MessageState.Unknown)
                && m.UpdatedAt > now - FailedWithin
                && m.PatientId != null
            )
            .OrderByDescending(m => m.DueAt)
            .Join(
                db.Patients.Where(p => p.ClinicId == clinic.Id),
                m => m.PatientId,
                p => p.Id,
                (m, p) =>
                    new FailedMessage(
                        m.Id,
                        p.Id,
                        p.FirstName + " " + p.LastName,
                        m.Kind,
                        m.Channel,
                        m.State,
                        m.Reason,
                        m.LastError,
                        m.DueAt,
                        m.NotAfter > now
                    )
            )
            .Take(RowsPerList)
            .ToListAsync(cancellationToken);
        var items = await db
            .WorkItems.AsNoTracking()
            .Where(w => w.ClinicId == clinic.Id && w.State == WorkItemState.Open)
            .OrderBy(w => w.CreatedAt)
            .Join(
                db.Patients,
                w => w.PatientId,
                p => p.Id,
                (w, p) => new Item(w.Id, p.Id, p.FirstName + " " + p.LastName, w.Kind, w.Detail, w.CreatedAt, w.DueAt)
            )
            .Take(RowsPerList * 4)
            .ToListAsync(cancellationToken);
        var alerts = await db.Alerts.CountAsync(
            a => a.ClinicId == clinic.Id && a.State == AlertState.Open,
            cancellationToken
        );

        var boosters = items.Where(i => i.Kind == WorkItemKind.BoosterMayBeDue).Select(i => i.PatientId);
        var scores = (await BoosterScores.ForAsync(db, boosters, cancellationToken)).ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<ScoreOn>)[.. p.Value.Select(b => new ScoreOn(b.CompletedAt.InZone(zone).Date, b.Total))]
        );
        Lists = new Result(tomorrow, today, rides, forms, failed, items.ToLookup(i => i.Kind), alerts, scores);
        audit.Listed(
            "Worklists",
            clinic.Id,
            rides
                .Select(r => r.PatientId)
                .Concat(forms.Select(r => r.PatientId))
                .Concat(failed.Select(f => f.PatientId))
                .Concat(items.Select(i => i.PatientId))
        );
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Session>> Sessions(
        IQueryable<Appointment> appointments,
        DateTimeZone zone,
        CancellationToken cancellationToken
    )
    {
        var rows = await appointments
            .AsNoTracking()
            .Join(
                db.Patients,
                a => a.PatientId,
                p => p.Id,
                (a, p) =>
                    new
                    {
                        a.Id,
                        a.PatientId,
                        Name = p.FirstName + " " + p.LastName,
                        p.Phone,
                        a.StartInstant,
                        a.RideConfirmed,
                        a.RemsFormDue,
                    }
            )
            .OrderBy(a => a.StartInstant)
            .Take(RowsPerList)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Session(
                r.Id,
                r.PatientId,
                r.Name,
                r.Phone,
                r.StartInstant.InZone(zone).LocalDateTime,
                r.RideConfirmed,
                r.RemsFormDue
            ))
            .ToList();
    }

    public sealed record Result(
        LocalDate Tomorrow,
        LocalDate Today,
        IReadOnlyList<Session> Rides,
        IReadOnlyList<Session> Rems,
        IReadOnlyList<FailedMessage> Failed,
        ILookup<WorkItemKind, Item> Items,
        int OpenAlerts,
        IReadOnlyDictionary<Guid, IReadOnlyList<ScoreOn>> Scores
    );

    /// <summary>A PHQ-9 total and the clinic's date it was answered on.</summary>
    public sealed record ScoreOn(LocalDate Date, int Total);

    public sealed record Session(
        Guid Id,
        Guid PatientId,
        string Patient,
        string Phone,
        LocalDateTime Start,
        bool? RideConfirmed,
        LocalDate? RemsFormDue
    );

    public sealed record FailedMessage(
        Guid Id,
        Guid PatientId,
        string Patient,
        MessageKind Kind,
        Channel Channel,
        MessageState State,
        string? Reason,
        string? LastError,
        Instant DueAt,
        bool CanRetry
    );

    public sealed record Item(
        Guid Id,
        Guid PatientId,
        string Patient,
        WorkItemKind Kind,
        string? Detail,
        Instant CreatedAt,
        Instant? DueAt
    );
}
