using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api;

/// <summary>Use-case outcomes as HTTP: 400 with field errors, 404, 409, or the value.</summary>
public static class OutcomeResults
{
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult>? onOk = null) =>
        outcome.Kind switch
        {
            OutcomeKind.Ok => onOk is null ? TypedResults.Ok(outcome.Value) : onOk(outcome.Value!),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
            OutcomeKind.NotFound => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: outcome.Detail
            ),
            OutcomeKind.Conflict => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflict",
                detail: outcome.Detail,
                extensions: outcome.Errors.Count == 0
                    ? null
                    : new Dictionary<string, object?> { ["errors"] = outcome.Errors }
            ),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome.Kind}."),
        };

    public static IResult Created<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.ToHttp(value => TypedResults.Created(location(value), value));
}
