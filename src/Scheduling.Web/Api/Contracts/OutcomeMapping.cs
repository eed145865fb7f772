using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api.Contracts;

/// <summary>A use case's typed result turned into its wire shape; refusals pass through as they are.</summary>
public static class OutcomeMapping
{
    public static Outcome<TWire> ToWire<T, TWire>(this Outcome<T> outcome, Func<T, TWire> shape)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(shape);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => Outcome<TWire>.Ok(shape(outcome.Value!)),
            OutcomeKind.Invalid => Outcome<TWire>.Invalid(outcome.Errors),
            OutcomeKind.NotFound => Outcome<TWire>.NotFound(outcome.Detail ?? ""),
            _ => Outcome<TWire>.Conflict(outcome.Detail ?? "", outcome.Errors.Count == 0 ? null : outcome.Errors),
        };
    }

    public static async Task<Outcome<TWire>> ToWire<T, TWire>(this Task<Outcome<T>> outcome, Func<T, TWire> shape) =>
        (await outcome).ToWire(shape);
}
