using Microsoft.AspNetCore.Mvc.ModelBinding;
using Scheduling.Core.Contracts;

namespace Scheduling.Web.Pages.Shared;

/// <summary>
/// A use case's refusal as form errors (forms show them all in their summary, and beside a field where it has one).
/// </summary>
public static class PageOutcomes
{
    public static void AddTo<T>(
        this Outcome<T> outcome,
        ModelStateDictionary modelState,
        Func<string, string>? field = null
    )
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(modelState);
        if (outcome.Detail is { } detail)
        {
            modelState.AddModelError(string.Empty, detail);
        }

        foreach (var (key, messages) in outcome.Errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(field?.Invoke(key) ?? string.Empty, message);
            }
        }
    }

    /// <summary>
    /// What the page says after a command: <paramref name="done"/> when it worked; otherwise nothing, and the refusal
    /// goes to the form.
    /// </summary>
    public static string? Report<T>(this Outcome<T> outcome, ModelStateDictionary modelState, string done)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind == OutcomeKind.Ok)
        {
            return done;
        }

        outcome.AddTo(modelState);
        return null;
    }

    /// <summary>A local URL to go back to, or the fallback: never an open redirect.</summary>
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : fallback;
}
