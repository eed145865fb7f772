using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api.Contracts.Booking;

/// <summary>
/// The requests on a booked series as they come over the wire (and the session page's forms, which send the
/// same): read into typed values, each bad field named as the client sent it (`fromAppointmentId`, `start`,
/// `count`); the answers put back into <see cref="SeriesView"/>.
/// </summary>
public static class SeriesChangeRequests
{
    /// <summary>POST /api/series/{id}/cancel: the reason is checked by the use case.</summary>
    public static Task<Outcome<SeriesView>> CancelSeriesAsync(
        this AppointmentBook book,
        Guid id,
        CancelInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.CancelSeriesAsync(id, input?.Reason, cancellationToken).ToWire(SeriesView.From);
    }

    /// <summary>POST /api/series/{id}/move: answers the series as it stands after the move (or would).</summary>
    public static Task<Outcome<SeriesView>> MoveAsync(
        this SeriesMove move,
        Guid seriesId,
        MoveRestInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(move);
        var command = ReadMove(seriesId, input);
        return command.Kind != OutcomeKind.Ok
            ? Task.FromResult(Outcome<SeriesView>.Invalid(command.Errors))
            : move.MoveAsync(command.Value!, cancellationToken).ToWire(moved => SeriesView.From(moved.Series));
    }

    /// <summary>POST /api/series/{id}/sessions: 201 with the series whose sessions are the new ones.</summary>
    public static Task<Outcome<SeriesView>> AddAsync(
        this SeriesSessions sessions,
        Guid seriesId,
        AddSessionsInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var count = ReadAddSessions(input);
        return count.Kind != OutcomeKind.Ok
            ? Task.FromResult(Outcome<SeriesView>.Invalid(count.Errors))
            : sessions.AddAsync(seriesId, count.Value, cancellationToken).ToWire(SeriesView.From);
    }

    public static Outcome<MoveRestCommand> ReadMove(Guid seriesId, MoveRestInput? input)
    {
        var problems = new Problems();
        problems.Require("fromAppointmentId", input?.FromAppointmentId);
        var start = Wire.LocalDateTime(input?.Start, "start", problems);
        return problems.Any
            ? Outcome<MoveRestCommand>.Invalid(problems.ToDictionary())
            : new MoveRestCommand(seriesId, input!.FromAppointmentId!.Value, start!.Value, input.Preview ?? false);
    }

    /// <summary>A number is required; how many may be added at once is the use case's rule.</summary>
    public static Outcome<int> ReadAddSessions(AddSessionsInput? input) =>
        input?.Count is { } count ? count : Outcome<int>.Invalid("count", SeriesSessions.CountExpected);
}
