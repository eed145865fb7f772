using Scheduling.Core.Contracts;
using Scheduling.Core.Identity;
using Scheduling.Core.Waitlist;
using Scheduling.Web.Api.Contracts.Waitlist;

namespace Scheduling.Web.Api;

/// <summary>The waitlist of a clinic (docs/api-contract.md, "Filling chairs and patient self-service").</summary>
public static class WaitlistEndpoints
{
    public static void MapWaitlistEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var waitlist = endpoints.MapGroup("/api/waitlist").WithTags("Waitlist").RequireAuthorization(Policies.CareTeam);
        waitlist
            .MapPost("/", AddAsync)
            .Produces<WaitlistEntryView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "Put a patient on a clinic's waitlist for a template: earliest..latest (local dates) and optionally "
                    + "notBefore..notAfter (HH:mm) in which freed chair time may start the series. 201 with state "
                    + "Waiting; 404 for a patient or clinic not found. Audited."
            );
        waitlist
            .MapGet("/", ListAsync)
            .Produces<IReadOnlyList<WaitlistEntryView>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A clinic's entries (clinicId), oldest first, each with its state. Audited.");
        waitlist
            .MapDelete("/{id:guid}", WithdrawAsync)
            .Produces<WaitlistEntryView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Withdraw an entry: state Withdrawn, kept for history; 409 once it was booked.");
    }

    private static async Task<IResult> AddAsync(
        WaitlistInput? input,
        WaitlistBook book,
        CancellationToken cancellationToken
    )
    {
        var request = WaitlistRequests.Read(input);
        if (request.Kind != OutcomeKind.Ok)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }

        var added = await book.AddAsync(request.Value!, cancellationToken);
        return added.ToWire().Created(e => $"/api/waitlist/{e.Id}");
    }

    private static async Task<IResult> ListAsync(Guid? clinicId, WaitlistBook book, CancellationToken cancellationToken)
    {
        if (clinicId is not { } id)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["clinicId"] = ["A clinic is required."] }
            );
        }

        var entries = await book.ListAsync(id, cancellationToken);
        return entries is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no clinic {id}.")
            : TypedResults.Ok(entries.Select(WaitlistEntryView.From).ToList());
    }

    private static async Task<IResult> WithdrawAsync(Guid id, WaitlistBook book, CancellationToken cancellationToken) =>
        (await book.WithdrawAsync(id, cancellationToken)).ToWire().ToHttp();
}
