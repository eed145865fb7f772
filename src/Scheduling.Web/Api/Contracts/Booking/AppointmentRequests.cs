using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Booking;

namespace Scheduling.Web.Api.Contracts.Booking;

/// <summary>
/// The /api/appointments requests as they come over the wire (and the session page's forms, which send the
/// same): dates, times and states read into typed values, each bad field named as the client sent it (`from`,
/// `to`, `start`, `confirmed`, `status`); the answers put back into <see cref="AppointmentView"/>.
/// </summary>
public static class AppointmentRequests
{
    /// <summary>GET /api/appointments?from=&amp;to=&amp;clinicId=.</summary>
    public static async Task<Outcome<IReadOnlyList<AppointmentView>>> ListAsync(
        this AppointmentBook book,
        string? from,
        string? to,
        Guid? clinicId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        var query = ReadList(from, to, clinicId);
        return query.Kind != OutcomeKind.Ok
            ? Outcome<IReadOnlyList<AppointmentView>>.Invalid(query.Errors)
            : await book.ListAsync(query.Value!, cancellationToken)
                .ToWire<IReadOnlyList<SessionSnapshot>, IReadOnlyList<AppointmentView>>(sessions =>
                    [.. sessions.Select(AppointmentView.From)]
                );
    }

    /// <summary>POST /api/appointments/{id}/reschedule.</summary>
    public static Task<Outcome<AppointmentView>> RescheduleAsync(
        this Rescheduling rescheduling,
        Guid id,
        RescheduleInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(rescheduling);
        var start = ReadReschedule(input);
        return start.Kind != OutcomeKind.Ok
            ? Task.FromResult(Outcome<AppointmentView>.Invalid(start.Errors))
            : rescheduling.RescheduleAsync(id, start.Value, cancellationToken).ToWire(AppointmentView.From);
    }

    /// <summary>POST /api/appointments/{id}/cancel: the reason is checked by the use case.</summary>
    public static Task<Outcome<AppointmentView>> CancelAsync(
        this AppointmentBook book,
        Guid id,
        CancelInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.CancelAsync(id, input?.Reason, cancellationToken).ToWire(AppointmentView.From);
    }

    /// <summary>POST /api/appointments/{id}/ride.</summary>
    public static Task<Outcome<AppointmentView>> RideAsync(
        this AppointmentBook book,
        Guid id,
        RideInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        var confirmed = ReadRide(input);
        return confirmed.Kind != OutcomeKind.Ok
            ? Task.FromResult(Outcome<AppointmentView>.Invalid(confirmed.Errors))
            : book.RideAsync(id, confirmed.Value, cancellationToken).ToWire(AppointmentView.From);
    }

    /// <summary>POST /api/appointments/{id}/status.</summary>
    public static Task<Outcome<AppointmentView>> SetStatusAsync(
        this AppointmentBook book,
        Guid id,
        StatusInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        var status = ReadStatus(input);
        return status.Kind != OutcomeKind.Ok
            ? Task.FromResult(Outcome<AppointmentView>.Invalid(status.Errors))
            : book.SetStatusAsync(id, status.Value, cancellationToken).ToWire(AppointmentView.From);
    }

    /// <summary>Both local dates; how far apart they may be is the use case's rule.</summary>
    public static Outcome<AppointmentQuery> ReadList(string? from, string? to, Guid? clinicId)
    {
        var problems = new Problems();
        var first = Wire.LocalDate(from, "from", problems);
        var last = Wire.LocalDate(to, "to", problems);
        return problems.Any
            ? Outcome<AppointmentQuery>.Invalid(problems.ToDictionary())
            : new AppointmentQuery(first!.Value, last!.Value, clinicId);
    }

    public static Outcome<NodaTime.LocalDateTime> ReadReschedule(RescheduleInput? input)
    {
        var problems = new Problems();
        var start = Wire.LocalDateTime(input?.Start, "start", problems);
        return problems.Any ? Outcome<NodaTime.LocalDateTime>.Invalid(problems.ToDictionary()) : start!.Value;
    }

    public static Outcome<bool> ReadRide(RideInput? input) =>
        input?.Confirmed is { } confirmed ? confirmed : Outcome<bool>.Invalid("confirmed", "Expected true or false.");

    /// <summary>
    /// A state by its name; which states the front desk may set (Arrived, NoShow, Completed) is the use case's rule.
    /// </summary>
    public static Outcome<AppointmentStatus> ReadStatus(StatusInput? input) =>
        Enum.TryParse<AppointmentStatus>(input?.Status, ignoreCase: false, out var status) && Enum.IsDefined(status)
            ? status
            : Outcome<AppointmentStatus>.Invalid("status", AppointmentBook.StatusExpected);
}
