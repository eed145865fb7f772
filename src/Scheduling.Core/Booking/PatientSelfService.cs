using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Core.Templates;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Booking;

/// <summary>
/// The patient's side of the link in a reminder (GET and POST /p/{token}; docs/domain.md, "Patient
/// self-service"): the token is checked before anything about the session is read out; confirming records what a
/// "C" reply records; cancelling and moving take the front desk's own paths (<see cref="AppointmentBook"/>,
/// <see cref="Rescheduling"/>), so messages, surveys, invites and whatever else hangs on them follow, and only
/// while the session is more than the clinic's cancel notice ahead. Typed values in, the page parses its form.
/// </summary>
public sealed class PatientSelfService(
    SchedulingDbContext db,
    AppointmentBook book,
    Rescheduling rescheduling,
    SelfServiceTimes times,
    TemplateCatalogue templates,
    IClock clock,
    AuditLog audit
)
{
    /// <summary>The reason a cancel from the page gives, as the front desk gives its own.</summary>
    public const string CancelReason = "Cancelled by the patient from the link in a message.";

    public async Task<PatientVisit> OpenAsync(string? token, CancellationToken cancellationToken) =>
        await FindAsync(token, cancellationToken) is { } appointment
            ? await VisitAsync(appointment, cancellationToken)
            : PatientVisit.Unknown;

    public async Task<VisitAnswer> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null || !IsOpen(found, clock.GetCurrentInstant()))
        {
            return await UnchangedAsync(found, VisitChange.None, cancellationToken);
        }

        var appointment = await db.Appointments.SingleAsync(a => a.Id == found.Id, cancellationToken);
        appointment.ConfirmByPatient(clock.GetCurrentInstant());
        audit.Record("confirmed-by-patient", nameof(Appointment), appointment.Id, appointment.PatientId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await UnchangedAsync(found, VisitChange.Refused, cancellationToken);
        }

        return new VisitAnswer(await VisitAsync(appointment, cancellationToken), VisitChange.Confirmed);
    }

    public async Task<VisitAnswer> CancelAsync(string? token, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null || !IsOpen(found, clock.GetCurrentInstant()))
        {
            return await UnchangedAsync(found, VisitChange.None, cancellationToken);
        }

        if (!await CanChangeAsync(found, cancellationToken))
        {
            return await UnchangedAsync(found, VisitChange.TooLate, cancellationToken);
        }

        var outcome = await book.CancelAsync(found.Id, CancelReason, cancellationToken);
        var change = outcome.Kind == OutcomeKind.Ok ? VisitChange.Cancelled : VisitChange.Refused;
        db.ChangeTracker.Clear();
        return await UnchangedAsync(await FindAsync(token, cancellationToken), change, cancellationToken);
    }

    /// <summary>
    /// Moves the session to a start the page offered (<see cref="SelfServiceTimes"/>), held to the same rules again
    /// now: a time taken or no longer allowed since the page was shown is refused and nothing changes.
    /// </summary>
    public async Task<VisitAnswer> MoveAsync(string? token, LocalDateTime start, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null || !IsOpen(found, clock.GetCurrentInstant()))
        {
            return await UnchangedAsync(found, VisitChange.None, cancellationToken);
        }

        if (!await CanChangeAsync(found, cancellationToken))
        {
            return await UnchangedAsync(found, VisitChange.TooLate, cancellationToken);
        }

        var appointment = await db.Appointments.SingleAsync(a => a.Id == found.Id, cancellationToken);
        var clinic = (await db.ClinicAsync(appointment.ClinicId, cancellationToken))!;
        var patient = await db
            .Patients.AsNoTracking()
            .SingleAsync(p => p.Id == appointment.PatientId, cancellationToken);
        var template = await TemplateAsync(appointment, clinic, cancellationToken);
        var frame = await times.FrameAsync(
            appointment,
            clinic,
            patient.Id,
            template,
            clock.GetCurrentInstant(),
            cancellationToken
        );
        if (appointment.MoveRefusal() is not null || SelfServiceTimes.Check(frame, start) is not { } placed)
        {
            return await UnchangedAsync(found, VisitChange.TimeNotOffered, cancellationToken);
        }

        await rescheduling.PlaceAsync(appointment, placed, template, patient, clinic, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
            when (exception.IsExclusionViolation(out _) || exception is DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await UnchangedAsync(
                await FindAsync(token, cancellationToken),
                VisitChange.Taken,
                cancellationToken
            );
        }

        return new VisitAnswer(await VisitAsync(appointment, cancellationToken), VisitChange.Moved);
    }

    /// <summary>The session a token leads to, or null for text that is no link of ours.</summary>
    private async Task<Appointment?> FindAsync(string? token, CancellationToken cancellationToken) =>
        SurveyToken.TryHash(token) is not { } hash
            ? null
            : await db
                .PatientLinks.AsNoTracking()
                .Where(l => l.TokenHash == hash)
                .Join(db.Appointments.AsNoTracking(), l => l.AppointmentId, a => a.Id, (_, a) => a)
                .SingleOrDefaultAsync(cancellationToken);

    private async Task<VisitAnswer> UnchangedAsync(
        Appointment? appointment,
        VisitChange change,
        CancellationToken cancellationToken
    ) => new(appointment is null ? PatientVisit.Unknown : await VisitAsync(appointment, cancellationToken), change);

    private async Task<PatientVisit> VisitAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        if (
            appointment.EndInstant <= now
            || appointment.Status is not (AppointmentStatus.Booked or AppointmentStatus.Cancelled)
        )
        {
            return PatientVisit.Over;
        }

        var clinic = (await db.ClinicAsync(appointment.ClinicId, cancellationToken))!;
        var state = appointment.Status == AppointmentStatus.Cancelled ? VisitState.Cancelled : VisitState.Open;
        var canChange = state == VisitState.Open && appointment.StartInstant - now > clinic.CancelNotice;
        IReadOnlyList<LocalDateTime> offers = [];
        if (canChange && appointment.MoveRefusal() is null)
        {
            var template = await TemplateAsync(appointment, clinic, cancellationToken);
            offers = SelfServiceTimes.Offers(
                await times.FrameAsync(appointment, clinic, appointment.PatientId, template, now, cancellationToken)
            );
        }

        return new PatientVisit(
            state,
            new VisitDetails(
                clinic.NameInMessages,
                clinic.Phone,
                appointment.LocalStart,
                Preparation.For(appointment.Medication),
                appointment.PatientConfirmedAt is not null,
                canChange,
                clinic.CancelNotice,
                offers
            )
        );
    }

    private async Task<bool> CanChangeAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var notice = await db
            .Clinics.AsNoTracking()
            .Where(c => c.Id == appointment.ClinicId)
            .Select(c => c.CancelNotice)
            .SingleAsync(cancellationToken);
        return appointment.StartInstant - clock.GetCurrentInstant() > notice;
    }

    private static bool IsOpen(Appointment appointment, Instant now) =>
        appointment.Status == AppointmentStatus.Booked && appointment.EndInstant > now;

    /// <summary>The series' template, or for a session booked alone the booster's, as a front-desk move does.</summary>
    private async Task<ProtocolTemplate> TemplateAsync(
        Appointment appointment,
        Clinic clinic,
        CancellationToken cancellationToken
    )
    {
        var series = appointment.SeriesId is { } seriesId
            ? await db.Series.AsNoTracking().SingleAsync(s => s.Id == seriesId, cancellationToken)
            : null;
        var template = series is null
            ? null
            : await db.Templates.AsNoTracking().SingleAsync(t => t.Id == series.TemplateId, cancellationToken);
        return template
            ?? await templates.FindAsync(clinic.Id, BuiltInTemplates.KetamineBooster, cancellationToken)
            ?? throw new InvalidOperationException($"Clinic {clinic.Id} has no booster template.");
    }
}
