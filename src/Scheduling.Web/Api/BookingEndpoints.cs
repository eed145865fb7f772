using Scheduling.Core.Booking;
using Scheduling.Core.Identity;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Booking;

namespace Scheduling.Web.Api;

public static class BookingEndpoints
{
    public static void MapBookingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var series = endpoints.MapGroup("/api/series").WithTags("Series").RequireAuthorization(Policies.CareTeam);
        series
            .MapPost(
                "/preview",
                async (SeriesInput? input, SeriesBooking booking, CancellationToken cancellationToken) =>
                    (await booking.PreviewAsync(input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<SeriesPreview>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Where every session of a series would land, adjustments and warnings included, and the messages "
                    + "it would plan. Writes nothing; canBook and problems say whether POST /api/series would succeed."
            );
        series
            .MapPost("/", async (SeriesInput? input, SeriesBooking booking, CancellationToken cancellationToken) =>
                (await booking.BookAsync(input, cancellationToken)).Created(s => $"/api/series/{s.Id}")
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<SeriesView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Book a whole series atomically. Times in sessionStarts are kept exactly (a taken chair or broken rule "
                    + "is a 409 whose errors name sessions[i]); other sessions are placed by the planner, "
                    + "which reports every adjustment in warnings."
            );
        series
            .MapGet("/{id:guid}", async (Guid id, AppointmentBook book, CancellationToken cancellationToken) =>
                (await book.GetSeriesAsync(id, cancellationToken).ToWire(SeriesView.From)).ToHttp()
            )
            .Produces<SeriesView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A series with its sessions and their states.");
        series
            .MapPost(
                "/{id:guid}/cancel",
                async (Guid id, CancelInput? input, AppointmentBook book, CancellationToken cancellationToken) =>
                    (await book.CancelSeriesAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<SeriesView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Cancel every session still to come; "
                    + "their pending messages are suppressed and a cancel notice is planned."
            );
        series
            .MapPost(
                "/{id:guid}/move",
                async (Guid id, MoveRestInput? input, SeriesMove move, CancellationToken cancellationToken) =>
                    (await move.MoveAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<SeriesView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Move one booked session (fromAppointmentId) to start, kept exactly, and every later booked session "
                    + "of the series with it, "
                    + "placed again by the planner at the protocol's spacing; the gap before it may "
                    + "be longer than the protocol's (a warning says so), never shorter. With preview: true nothing is "
                    + "written. 409 names each session that cannot be placed (errors.start for the moved one, "
                    + "errors[\"appointments[id]\"] for a later one), "
                    + "and then nothing changes. Each moved session gets a "
                    + "new revision (its invite's SEQUENCE), its reminders and surveys re-planned and a move notice; "
                    + "audited."
            );
        series
            .MapPost(
                "/{id:guid}/sessions",
                async (
                    Guid id,
                    AddSessionsInput? input,
                    SeriesSessions sessions,
                    CancellationToken cancellationToken
                ) => (await sessions.AddAsync(id, input, cancellationToken)).Created(s => $"/api/series/{s.Id}")
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<SeriesView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Add count (1 to 12) sessions after the last one of a running open-ended series (maintenance), placed"
                    + " by the planner at the template's spacing; "
                    + "201 with the series whose sessions are the new ones. 409 "
                    + "for a series with a fixed number of sessions, or when a session cannot be placed "
                    + "(nothing is added)."
            );

        var appointments = endpoints
            .MapGroup("/api/appointments")
            .WithTags("Appointments")
            .RequireAuthorization(Policies.CareTeam);
        appointments
            .MapGet(
                "/",
                async (
                    string? from,
                    string? to,
                    Guid? clinicId,
                    AppointmentBook book,
                    CancellationToken cancellationToken
                ) => (await book.ListAsync(from, to, clinicId, cancellationToken)).ToHttp()
            )
            .Produces<IReadOnlyList<AppointmentView>>()
            .ProducesValidationProblem()
            .WithSummary(
                "Sessions starting between the local dates from and to (inclusive, at most 62 days), each "
                    + "clinic's dates read in its own zone; at one clinic when clinicId is given, else at every clinic."
            );
        appointments
            .MapPost(
                "/{id:guid}/reschedule",
                async (
                    Guid id,
                    RescheduleInput? input,
                    Rescheduling rescheduling,
                    CancellationToken cancellationToken
                ) => (await rescheduling.RescheduleAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<AppointmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Move one session to the given local start, kept exactly or refused with 409; "
                    + "its messages are re-planned and a move notice goes out."
            );
        appointments
            .MapPost(
                "/{id:guid}/cancel",
                async (Guid id, CancelInput? input, AppointmentBook book, CancellationToken cancellationToken) =>
                    (await book.CancelAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<AppointmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Cancel one session with a reason; its pending messages are suppressed and a cancel notice is planned."
            );
        appointments
            .MapPost(
                "/{id:guid}/ride",
                async (Guid id, RideInput? input, AppointmentBook book, CancellationToken cancellationToken) =>
                    (await book.RideAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<AppointmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Record whether the patient has a ride home.");
        appointments
            .MapPost(
                "/{id:guid}/status",
                async (Guid id, StatusInput? input, AppointmentBook book, CancellationToken cancellationToken) =>
                    (await book.SetStatusAsync(id, input, cancellationToken)).ToHttp()
            )
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<AppointmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Arrived, NoShow or Completed, as it happens at the clinic.");
    }
}
