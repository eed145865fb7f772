using Scheduling.Core.Clinics;
using Scheduling.Core.Identity;

namespace Scheduling.Web.Api;

public static class ClinicEndpoints
{
    public static void MapClinicEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var clinics = endpoints.MapGroup("/api/clinics").WithTags("Clinics");
        clinics.MapPost("/", async (ClinicInput? input, ClinicDirectory directory, CancellationToken cancellationToken) =>
                (await directory.CreateAsync(input, cancellationToken)).Created(c => $"/api/clinics/{c.Id}"))
            .RequireAuthorization(Policies.Admin)
            .Produces<ClinicView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create a clinic with its zone, chairs, opening hours, closures, sending window and on-call contacts.");
        clinics.MapGet("/", async (ClinicDirectory directory, CancellationToken cancellationToken) => TypedResults.Ok(await directory.ListAsync(cancellationToken)))
            .WithSummary("Every clinic.");
        clinics.MapGet("/{id:guid}", async (Guid id, ClinicDirectory directory, CancellationToken cancellationToken) =>
                (await directory.GetAsync(id, cancellationToken)).ToHttp())
            .Produces<ClinicView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One clinic.");
        clinics.MapPost("/{id:guid}/closures", async (Guid id, ClosureInput? input, ClinicSettings settings, CancellationToken cancellationToken) =>
                (await settings.AddClosureAsync(id, input, cancellationToken)).ToHttp())
            .RequireAuthorization(Policies.Admin)
            .Produces<ClosureView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Close the clinic on a local date (no new bookings that day); bookedSessions says how many sessions already booked that day need moving.");
        clinics.MapDelete("/{id:guid}/closures/{date}", async (Guid id, string date, ClinicSettings settings, CancellationToken cancellationToken) =>
                (await settings.RemoveClosureAsync(id, date, cancellationToken)).ToHttp())
            .RequireAuthorization(Policies.Admin)
            .Produces<ClosureView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Open the clinic again on a date it was closed.");
        clinics.MapPut("/{id:guid}/sending-window", async (Guid id, SendingWindowInput? input, ClinicSettings settings, CancellationToken cancellationToken) =>
                (await settings.SetSendingWindowAsync(id, input, cancellationToken)).ToHttp())
            .RequireAuthorization(Policies.Admin)
            .Produces<SendingWindowView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The window (patient's local time) in which messages planned from now on may be sent.");
    }
}
