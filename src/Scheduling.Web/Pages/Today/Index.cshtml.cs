using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Today;

/// <summary>
/// The day at one clinic as a picture: chairs down the side, hours across, each session where it sits.
/// </summary>
public sealed class IndexModel(SchedulingDbContext db, IDateTimeZoneProvider zones, IClock clock, AuditLog audit)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Query Ask { get; set; } = new(null, null);

    public Result? Day { get; private set; }

    public ClinicChoice Choice { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Choice = await ClinicChoice.LoadAsync(db, Ask.ClinicId, cancellationToken);
        if (Choice.Current is { } clinic)
        {
            var zone = zones[clinic.TimeZoneId];
            var date = Wire.DateOr(Ask.Date, clock.GetCurrentInstant().InZone(zone).Date);
            Day = await Handler.HandleAsync(db, audit, clinic.Id, zone, date, cancellationToken);
        }
    }

    public sealed record Query(Guid? ClinicId, string? Date);

    /// <summary>
    /// The picture runs from FirstHour to LastHour (exclusive) in quarter-hour columns, after one column of chair
    /// names.
    /// </summary>
    public sealed record Result(
        LocalDate Date,
        int FirstHour,
        int LastHour,
        IReadOnlyList<ChairRow> Chairs,
        IReadOnlyList<Session> Sessions
    )
    {
        /// <summary>Held esketamine sessions whose REMS form is overdue on this date (day 5 of 7 and after).</summary>
        public IReadOnlyList<RemsOverdue> RemsOverdue { get; init; } = [];

        public int Columns => (LastHour - FirstHour) * 4;

        public int Column(LocalDateTime time) =>
            time.Date > Date
                ? Columns + 2
                : Math.Clamp(((time.Hour - FirstHour) * 60 + time.Minute) / 15, 0, Columns) + 2;
    }

    public sealed record ChairRow(Guid Id, int Number, string Name);

    public sealed record RemsOverdue(Guid Id, Guid PatientId, string Patient, LocalDateTime Start, LocalDate Due);

    public sealed record Session(
        Guid Id,
        Guid PatientId,
        string Patient,
        Guid ChairId,
        int Number,
        LocalDateTime Start,
        LocalDateTime End,
        AppointmentStatus Status,
        bool? RideConfirmed,
        bool PatientConfirmed,
        bool CallBackRequested
    )
    {
        public bool NeedsAttention =>
            Status == AppointmentStatus.Booked && (RideConfirmed != true || CallBackRequested);
    }

    public static class Handler
    {
        public static async Task<Result> HandleAsync(
            SchedulingDbContext db,
            AuditLog audit,
            Guid clinicId,
            DateTimeZone zone,
            LocalDate date,
            CancellationToken cancellationToken
        )
        {
            ArgumentNullException.ThrowIfNull(db);
            ArgumentNullException.ThrowIfNull(audit);
            var allChairs = await db
                .Chairs.AsNoTracking()
                .Where(c => c.ClinicId == clinicId)
                .OrderBy(c => c.Number)
                .Select(c => new { Row = new ChairRow(c.Id, c.Number, c.Name), Retired = c.RetiredAt != null })
                .ToListAsync(cancellationToken);
            var hours = await db
                .Clinics.AsNoTracking()
                .Where(c => c.Id == clinicId)
                .SelectMany(c => c.OpeningHours)
                .Where(h => h.Day == date.DayOfWeek)
                .ToListAsync(cancellationToken);
            var start = date.AtStartOfDayInZone(zone).ToInstant();
            var end = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            var rows = await db
                .Appointments.AsNoTracking()
                .Where(a => a.ClinicId == clinicId && a.StartInstant >= start && a.StartInstant < end)
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
                            a.ChairId,
                            a.Number,
                            a.StartInstant,
                            a.EndInstant,
                            a.Status,
                            a.RideConfirmed,
                            Confirmed = a.PatientConfirmedAt != null,
                            CallBack = a.CallBackRequestedAt != null,
                        }
                )
                .OrderBy(a => a.StartInstant)
                .ThenBy(a => a.ChairId)
                .ToListAsync(cancellationToken);
            var sessions = rows.Select(r => new Session(
                    r.Id,
                    r.PatientId,
                    r.Name,
                    r.ChairId,
                    r.Number,
                    r.StartInstant.InZone(zone).LocalDateTime,
                    r.EndInstant.InZone(zone).LocalDateTime,
                    r.Status,
                    r.RideConfirmed,
                    r.Confirmed,
                    r.CallBack
                ))
                .ToList();

            // A retired chair shows on the days it still holds sessions (its history), and on no other.
            var chairs = allChairs
                .Where(c => !c.Retired || sessions.Any(s => s.ChairId == c.Row.Id))
                .Select(c => c.Row)
                .ToList();
            var first = hours.Count > 0 ? hours.Min(h => h.Open.Hour) : 8;
            var last = hours.Count > 0 ? hours.Max(h => h.Close.Minute == 0 ? h.Close.Hour : h.Close.Hour + 1) : 18;
            foreach (var s in sessions)
            {
                first = Math.Min(first, s.Start.Hour);
                last = Math.Max(
                    last,
                    s.End.Date > date ? 24
                        : s.End.Minute == 0 ? s.End.Hour
                        : s.End.Hour + 1
                );
            }
            var remsRows = await db
                .Appointments.AsNoTracking()
                .Where(a =>
                    a.ClinicId == clinicId
                    && a.RemsFormDue != null
                    && a.RemsFormSubmittedAt == null
                    && (a.Status == AppointmentStatus.Arrived || a.Status == AppointmentStatus.Completed)
                    && a.RemsFormDue <= date.PlusDays(RemsDeadline.MarkDaysBeforeDue)
                )
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
                            a.StartInstant,
                            Due = a.RemsFormDue!.Value,
                        }
                )
                .OrderBy(a => a.Due)
                .ThenBy(a => a.StartInstant)
                .ToListAsync(cancellationToken);
            var rems = remsRows
                .Where(r => RemsDeadline.IsOverdue(r.Due, date))
                .Select(r => new RemsOverdue(
                    r.Id,
                    r.PatientId,
                    r.Name,
                    r.StartInstant.InZone(zone).LocalDateTime,
                    r.Due
                ))
                .ToList();
            audit.Listed(
                "Today",
                clinicId,
                sessions.Select(s => s.PatientId).Concat(rems.Select(r => r.PatientId)),
                new { date = date.ToString("uuuu-MM-dd", null) }
            );
            await db.SaveChangesAsync(cancellationToken);
            return new Result(date, first, Math.Max(last, first + 1), chairs, sessions) { RemsOverdue = rems };
        }
    }
}
