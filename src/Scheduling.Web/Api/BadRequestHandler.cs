using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Scheduling.Web.Api;

/// <summary>
/// A body that is not JSON, or a value of the wrong type, is a 400 that names the field
/// (`chairs`, `openingHours[0].open`), never a 500 and never a bare "bad request".
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var field = badRequest.InnerException is JsonException { Path: { Length: > 1 } path }
            ? ClientField(path)
            : "body";
        var message =
            badRequest.InnerException is JsonException
                ? "This value is not of the expected type, or the JSON is malformed."
                : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = badRequest.StatusCode,
                    Title = "The request could not be read.",
                },
            }
        );
    }

    /// <summary>"$.openingHours[0].open" → "openingHours[0].open".</summary>
    private static string ClientField(string jsonPath) =>
        jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
}
