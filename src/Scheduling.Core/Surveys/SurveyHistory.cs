using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Patients;

namespace Scheduling.Core.Surveys;

/// <summary>A patient's surveys with their scores (GET /api/patients/{id}/surveys); reading them is audited.</summary>
public sealed class SurveyHistory(SchedulingDbContext db, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<SurveyView>>> ForPatientAsync(Guid patientId, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return Outcome<IReadOnlyList<SurveyView>>.NotFound($"There is no patient {patientId}.");
        }

        var surveys = await db.Surveys.AsNoTracking().Where(s => s.PatientId == patientId).OrderBy(s => s.DueAt).ToListAsync(cancellationToken);
        await audit.ViewedAsync($"{nameof(Patient)}.Surveys", patientId, patientId, cancellationToken);
        return surveys.Select(s => new SurveyView(
            s.Id,
            s.Instrument.ToString(),
            s.Occasion.ToString(),
            s.AppointmentId,
            s.SeriesId,
            s.State.ToString(),
            Wire.Format(s.DueAt),
            s.TotalScore,
            s.Band,
            s.CompletedAt is { } done ? Wire.Format(done) : null)).ToList();
    }
}

/// <summary>`score` and `band` are null until the survey is completed.</summary>
public sealed record SurveyView(
    Guid Id,
    string Instrument,
    string Occasion,
    Guid? AppointmentId,
    Guid? SeriesId,
    string State,
    string DueInstant,
    int? Score,
    string? Band,
    string? CompletedAt);
