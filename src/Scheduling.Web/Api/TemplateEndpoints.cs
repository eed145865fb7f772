using Scheduling.Core.Identity;
using Scheduling.Core.Templates;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Templates;

namespace Scheduling.Web.Api;

public static class TemplateEndpoints
{
    public static void MapTemplateEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var templates = endpoints.MapGroup("/api/templates").WithTags("Templates");
        templates
            .MapPost(
                "/",
                async (TemplateInput? input, TemplateCatalogue catalogue, CancellationToken cancellationToken) =>
                    (await TemplateRequests.CreateAsync(input, catalogue, cancellationToken)).Created(t =>
                        $"/api/templates?code={t.Code}"
                    )
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<TemplateView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Add a protocol template, shared or (with clinicId) "
                    + "a clinic's own. Codes are unique among the templates a clinic sees."
            );
        templates
            .MapGet("/", async (Guid? clinicId, TemplateCatalogue catalogue, CancellationToken cancellationToken) =>
                TypedResults.Ok(
                    (await catalogue.ListAsync(clinicId, cancellationToken)).Select(TemplateView.From).ToList()
                )
            )
            .WithSummary(
                "Built-in and clinic templates (retired ones with retiredAt); "
                    + "with clinicId, the ones that clinic can book."
            );
        templates
            .MapPost(
                "/{id:guid}/retire",
                async (Guid id, TemplateCatalogue catalogue, CancellationToken cancellationToken) =>
                    (await catalogue.RetireAsync(id, cancellationToken).ToWire(TemplateView.From)).ToHttp()
            )
            .RequireAuthorization(Policies.Admin)
            .Produces<TemplateView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "No new series with this template; series already booked keep it. "
                    + "Built-ins cannot be retired; a retired template keeps its code."
            );
    }
}
