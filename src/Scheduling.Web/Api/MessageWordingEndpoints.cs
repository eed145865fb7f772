using Scheduling.Core.Identity;
using Scheduling.Core.Messaging.Content;
using Scheduling.Web.Api.Contracts.Messaging;

namespace Scheduling.Web.Api;

public static class MessageWordingEndpoints
{
    public static void MapMessageWordingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var templates = endpoints
            .MapGroup("/api/clinics/{clinicId:guid}/message-templates")
            .WithTags("Message templates")
            .RequireAuthorization(Policies.Admin);
        templates
            .MapGet(
                "/",
                async (Guid clinicId, string? language, WordingBook book, CancellationToken cancellationToken) =>
                    (await MessageWordingWire.ListAsync(book, clinicId, language, cancellationToken)).ToHttp()
            )
            .Produces<IReadOnlyList<MessageWordingResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "The wording of every kind of message on each channel that a patient of one language "
                    + "(default en) would receive at this clinic (its own, shared or built in), "
                    + "each with the content check's verdict."
            );
        templates
            .MapPut(
                "/{kind}/{channel}",
                async (
                    Guid clinicId,
                    string kind,
                    string channel,
                    MessageWordingRequest? input,
                    WordingBook book,
                    CancellationToken cancellationToken
                ) =>
                    (
                        await MessageWordingWire.SaveAsync(book, clinicId, kind, channel, input, cancellationToken)
                    ).ToHttp()
            )
            .Produces<MessageWordingResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Set the clinic's own wording (Liquid: {{ clinic }}, {{ date }}, {{ time }} …) for one kind of "
                    + "message, channel and language. Refused (400) when it does not parse, uses a value no message "
                    + "offers, or names a drug or diagnosis in an SMS or an email subject, "
                    + "as written or with the clinic's messageName (or name) in it."
            );
        templates
            .MapDelete(
                "/{kind}/{channel}",
                async (
                    Guid clinicId,
                    string kind,
                    string channel,
                    string? language,
                    WordingBook book,
                    CancellationToken cancellationToken
                ) =>
                    (
                        await MessageWordingWire.ResetAsync(book, clinicId, kind, channel, language, cancellationToken)
                    ).ToHttp(_ => TypedResults.NoContent())
            )
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Drop the clinic's own wording, so the next one by the fallback rule applies again.");
    }
}
