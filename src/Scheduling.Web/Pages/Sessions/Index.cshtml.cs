using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Web.Api.Contracts.Booking;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Sessions;

/// <summary>
/// One session: the front desk's quick actions, moving it, cancelling it or the rest of its series; each calls the
/// API's use case.
/// </summary>
public sealed class IndexModel(
    SchedulingDbContext db,
    AppointmentBook book,
    Rescheduling rescheduling,
    SeriesSessions sessions,
    AuditLog audit
) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public Result? Session { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        await audit.ViewedAsync(nameof(Appointment), Id, Session!.PatientId, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostStatusAsync(
        string? status,
        string? returnUrl,
        CancellationToken cancellationToken
    ) =>
        ActAsync(
            book.SetStatusAsync(Id, new StatusInput(status), cancellationToken),
            returnUrl,
            "The session's state is changed.",
            cancellationToken
        );

    public Task<IActionResult> OnPostRideAsync(string? returnUrl, CancellationToken cancellationToken) =>
        ActAsync(
            book.RideAsync(Id, true, cancellationToken),
            returnUrl,
            "The ride home is confirmed.",
            cancellationToken
        );

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        ActAsync(
            book.CancelAsync(Id, Input.Reason, cancellationToken),
            null,
            "The session is cancelled; its reminders are suppressed and the patient is told.",
            cancellationToken
        );

    public Task<IActionResult> OnPostRescheduleAsync(CancellationToken cancellationToken) =>
        ActAsync(
            rescheduling.RescheduleAsync(Id, new RescheduleInput(Input.Start), cancellationToken),
            null,
            "The session is moved; its messages are planned again and the patient is told.",
            cancellationToken
        );

    public async Task<IActionResult> OnPostAddSessionsAsync(CancellationToken cancellationToken)
    {
        var seriesId = await db
            .Appointments.Where(a => a.Id == Id)
            .Select(a => a.SeriesId)
            .SingleOrDefaultAsync(cancellationToken);
        if (seriesId is null)
        {
            return NotFound();
        }

        return await ActAsync(
            sessions.AddAsync(seriesId.Value, new AddSessionsInput(Input.Count), cancellationToken),
            null,
            "Sessions are added after the last one; their reminders and surveys are planned.",
            cancellationToken
        );
    }

    public async Task<IActionResult> OnPostCancelSeriesAsync(CancellationToken cancellationToken)
    {
        var seriesId = await db
            .Appointments.Where(a => a.Id == Id)
            .Select(a => a.SeriesId)
            .SingleOrDefaultAsync(cancellationToken);
        if (seriesId is null)
        {
            return NotFound();
        }

        return await ActAsync(
            book.CancelSeriesAsync(seriesId.Value, Input.Reason, cancellationToken),
            null,
            "Every session still to come in this series is cancelled.",
            cancellationToken
        );
    }

    private async Task<IActionResult> ActAsync<T>(
        Task<Outcome<T>> change,
        string? returnUrl,
        string done,
        CancellationToken cancellationToken
    )
    {
        var outcome = await change;
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        if (outcome.Kind == OutcomeKind.Ok && returnUrl is not null)
        {
            return LocalRedirect(PageOutcomes.LocalOr(returnUrl, "/today"));
        }

        if (outcome.Kind == OutcomeKind.Ok)
        {
            Done = done;
            Input = new Command();
        }
        else
        {
            outcome.AddTo(ModelState, field => field switch
                {
                    "reason" => "Input.Reason",
                    "start" => "Input.Start",
                    _ => string.Empty,
                });
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Session = await db
            .Appointments.AsNoTracking()
            .Where(a => a.Id == Id)
            .Join(db.Patients, a => a.PatientId, p => p.Id, (a, p) => new { a, Name = p.FirstName + " " + p.LastName })
            .Join(
                db.Chairs,
                x => x.a.ChairId,
                c => c.Id,
                (x, c) =>
                    new Result(
                        x.a.Id,
                        x.a.PatientId,
                        x.Name,
                        x.a.SeriesId,
                        x.a.Number,
                        x.a.LocalStart,
                        x.a.TimeZoneId,
                        c.Name,
                        x.a.Status,
                        x.a.RideConfirmed,
                        x.a.CancelReason
                    )
                    {
                        OpenEnded = db
                            .Series.Where(s => s.Id == x.a.SeriesId && s.State == SeriesState.Active)
                            .Join(db.Templates, s => s.TemplateId, t => t.Id, (s, t) => t.OpenEnded)
                            .FirstOrDefault(),
                    }
            )
            .SingleOrDefaultAsync(cancellationToken);
        return Session is not null;
    }

    public sealed class Command
    {
        public string? Reason { get; set; }
        public string? Start { get; set; }
        public int? Count { get; set; }
    }

    public sealed record Result(
        Guid Id,
        Guid PatientId,
        string Patient,
        Guid? SeriesId,
        int Number,
        LocalDateTime Start,
        string TimeZone,
        string Chair,
        AppointmentStatus Status,
        bool? RideConfirmed,
        string? CancelReason
    )
    {
        /// <summary>The series is active and open-ended (maintenance): sessions can be added to it.</summary>
        public bool OpenEnded { get; init; }
    }
}
