using Microsoft.AspNetCore.OpenApi;

namespace Scheduling.Web.Api;

/// <summary>
/// What the API does with input it cannot take, written into the OpenAPI document's description (and the
/// README's "Hostile input"): <see cref="Hosting.InputGuard"/> at the edge, the JSON reader, and the ranges
/// of <see cref="Contracts.Wire"/>.
/// </summary>
public static class InputRules
{
    public const string Description =
        "Scheduling and patient messaging for infusion clinics (docs/api-contract.md). No input yields a 500; "
        + "a refused request changes nothing. "
        + "415 (problem details): a Content-Type whose charset is not UTF-8, UTF-16, UTF-32 (either byte order), "
        + "US-ASCII or ISO-8859-1, and a Content-Type that is not JSON where JSON is expected. "
        + "400 with errors keyed by field: a body that is not valid JSON, a value of the wrong JSON type anywhere, "
        + "a number too large for its field, a JSON body with invalid UTF-8; text PostgreSQL cannot store "
        + "(U+0000, or an unpaired surrogate, which has no UTF-8 form) anywhere in the path, the query, a form "
        + "field, a JSON string or a property name (errors name where); a form that cannot be read. "
        + "413: a JSON body over 1 MiB. "
        + "Dates and local date-times are taken from 1900-01-01 to 2199-12-31; durations (ISO 8601 days, hours, "
        + "minutes, seconds; no years or months) up to P3660D either way, and each field narrows this "
        + "(a session's chair time more than zero and at most 12 hours, a reminder more than zero and at most "
        + "180 days before, a follow-up at most 180 days either side, a clinic's cancelNotice from zero to 30 days); "
        + "anything else is a 400 naming the field.";

    /// <summary>Sets the document's description; register it before transformers that add to it.</summary>
    public static OpenApiOptions Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer(
            (document, _, _) =>
            {
                document.Info.Description = Description;
                return Task.CompletedTask;
            }
        );
        return options;
    }
}
