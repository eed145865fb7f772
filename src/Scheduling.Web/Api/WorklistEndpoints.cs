using Scheduling.Core.Identity;
using Scheduling.Core.Messaging;
using Scheduling.Core.Worklist;
using Scheduling.Web.Api.Contracts;
using Scheduling.Web.Api.Contracts.Messaging;
using Scheduling.Web.Api.Contracts.Worklist;

namespace Scheduling.Web.Api;

public static class WorklistEndpoints
{
    public static void MapWorklistEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapGet(
                "/api/work-items",
                async (
                    string? list,
                    string? state,
                    Guid? clinicId,
                    WorkItemBoard board,
                    CancellationToken cancellationToken
                ) => (await WorkItemRequests.ListAsync(board, list, state, clinicId, cancellationToken)).ToHttp()
            )
            .WithTags("Worklists")
            .RequireAuthorization(Policies.CareTeam)
            .Produces<IReadOnlyList<WorkItemListView>>()
            .ProducesValidationProblem()
            .WithSummary(
                "One worklist's tasks, oldest first: list=messages, rides, rems, callbacks, booster, "
                    + "unanswered or maintenance; state=open (the default) or done; optionally one clinic's. Audited."
            );
        endpoints
            .MapPost(
                "/api/work-items/{id:guid}/done",
                async (Guid id, WorkItemBoard board, CancellationToken cancellationToken) =>
                    (await board.DoneAsync(id, cancellationToken).ToWire(WorkItemView.From)).ToHttp()
            )
            .WithTags("Worklists")
            .RequireAuthorization(Policies.CareTeam)
            .Produces<WorkItemView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Close a task on the front desk's or nurses' list (call back done, "
                    + "booster discussed, form filed). Audited."
            );
        endpoints
            .MapPost(
                "/api/messages/{id:guid}/retry",
                async (Guid id, MessageRetry retry, CancellationToken cancellationToken) =>
                    (await retry.RetryAsync(id, cancellationToken).ToWire(MessageView.From)).ToHttp()
            )
            .WithTags("Messages")
            .RequireAuthorization(Policies.FrontDesk)
            .Produces<MessageView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Send a Failed or Unknown message again (an Unknown one may already have arrived); "
                    + "refused once its deadline has passed. Audited."
            );
    }
}
