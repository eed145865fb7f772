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
    }
}
