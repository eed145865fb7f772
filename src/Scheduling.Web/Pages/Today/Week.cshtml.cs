using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Audit;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Pages.Shared;

namespace Scheduling.Web.Pages.Today;

/// <summary>A week at one clinic, Monday to Sunday, each day's sessions in order.</summary>
public sealed class WeekModel(SchedulingDbContext db, IDateTimeZoneProvider zones, IClock clock, AuditLog audit)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public IndexModel.Query Ask { get; set; } = new(null, null);

    public ClinicChoice Choice { get; private set; } = new([], null);

    public Result? Week { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Choice = await ClinicChoice.LoadAsync(db, Ask.ClinicId, cancellationToken);
        if (Choice.Current is not { } clinic)
        {
            return;
        }

        var zone = zones[clinic.TimeZoneId];
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var date = Wire.DateOr(Ask.Date, today);
        var monday = date.Previous(IsoDayOfWeek.Monday).PlusDays(date.DayOfWeek == IsoDayOfWeek.Monday ? 7 : 0);
        var start = monday.AtStartOfDayInZone(zone).ToInstant();
        var end = monday.PlusDays(7).AtStartOfDayInZone(zone).ToInstant();
        var rows = await db
            .Appointments.AsNoTracking()
            .Where(a =>
                a.ClinicId == clinic.Id
                && a.StartInstant >= start
                && a.StartInstant < end
                && a.Status != AppointmentStatus.Cancelled
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
                        a.Status,
                        a.RideConfirmed,
                    }
            )
            .OrderBy(a => a.StartInstant)
            .ToListAsync(cancellationToken);
        var sessions = rows.Select(r => new Entry(
                r.Id,
                r.PatientId,
                r.Name,
                r.StartInstant.InZone(zone).LocalDateTime,
                r.Status,
                r.RideConfirmed
            ))
            .ToList();
        audit.Listed(
            "Week",
            clinic.Id,
            sessions.Select(s => s.PatientId),
            new { monday = LocalDatePattern.Iso.Format(monday) }
        );
        await db.SaveChangesAsync(cancellationToken);
        Week = new Result(
            monday,
            Enumerable
                .Range(0, 7)
                .Select(d => monday.PlusDays(d))
                .Select(d => new Day(d, sessions.Where(s => s.Start.Date == d).ToList()))
                .ToList()
        );
    }

    public sealed record Result(LocalDate Monday, IReadOnlyList<Day> Days);

    public sealed record Day(LocalDate Date, IReadOnlyList<Entry> Sessions);

    public sealed record Entry(
        Guid Id,
        Guid PatientId,
        string Patient,
        LocalDateTime Start,
        AppointmentStatus Status,
        bool? RideConfirmed
    );
}
