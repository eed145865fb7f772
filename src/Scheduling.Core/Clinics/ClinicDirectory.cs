using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>Creating and reading clinics: POST/GET /api/clinics and the settings pages.</summary>
public sealed class ClinicDirectory(
    SchedulingDbContext db,
    IDateTimeZoneProvider zones,
    IClock clock,
    AuditLog audit,
    ClinicNameCheck wording
)
{
    public async Task<Outcome<ClinicView>> CreateAsync(ClinicInput? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var (clinic, shownName) = ClinicValidation.ToClinic(input, zones, clock.GetCurrentInstant(), problems);
        if (shownName is not null)
        {
            await wording.CheckNameAsync(
                null,
                shownName,
                ClinicValidation.MessageNameField,
                problems,
                cancellationToken
            );
        }

        if (clinic is null || problems.Any)
        {
            return Outcome<ClinicView>.Invalid(problems.ToDictionary());
        }

        db.Clinics.Add(clinic);
        audit.Record("created", nameof(Clinic), clinic.Id);
        await db.SaveChangesAsync(cancellationToken);
        return View(clinic);
    }

    public async Task<IReadOnlyList<ClinicView>> ListAsync(CancellationToken cancellationToken) =>
        (await Clinics().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(View).ToList();

    public async Task<Outcome<ClinicView>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await Clinics().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } clinic
            ? View(clinic)
            : Outcome<ClinicView>.NotFound($"There is no clinic {id}.");

    private IQueryable<Clinic> Clinics() =>
        db
            .Clinics.AsNoTracking()
            .Include(c => c.Chairs)
            .Include(c => c.OpeningHours)
            .Include(c => c.ClosedDates)
            .Include(c => c.OnCall);

    public static ClinicView View(Clinic clinic) =>
        new(
            clinic.Id,
            clinic.Name,
            clinic.TimeZoneId,
            clinic.Phone,
            clinic.Chairs.Count(c => c.RetiredAt is null),
            clinic
                .Chairs.Where(c => c.RetiredAt is null)
                .OrderBy(c => c.Number)
                .Select(c => new ChairView(c.Id, c.Number, c.Name))
                .ToList(),
            clinic
                .OpeningHours.OrderBy(h => h.Day)
                .ThenBy(h => h.Open)
                .Select(h => new OpeningHoursView(h.Day.ToString(), Wire.Format(h.Open), Wire.Format(h.Close)))
                .ToList(),
            clinic.ClosedDates.OrderBy(d => d.Date).Select(d => Wire.Format(d.Date)).ToList(),
            new SendingWindowView(Wire.Format(clinic.SendingWindowStart), Wire.Format(clinic.SendingWindowEnd)),
            clinic
                .OnCall.Where(o => o.RemovedAt is null)
                .OrderBy(o => o.Name, StringComparer.Ordinal)
                .Select(o => new OnCallView(o.Id, o.Name, o.Email, o.Phone))
                .ToList(),
            clinic
                .Chairs.Where(c => c.RetiredAt is not null)
                .OrderBy(c => c.Number)
                .Select(c => new ChairView(c.Id, c.Number, c.Name, Wire.Format(c.RetiredAt!.Value)))
                .ToList(),
            clinic.MessageName,
            clinic.NameInMessages
        );
}
