using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Scheduling.Web.Hosting;

/// <summary>
/// The edge every request passes before an endpoint or a page sees it (README, "Hostile input"), so that no
/// input reaches PostgreSQL or a parser it cannot survive, on every route, present and future:
/// a Content-Type charset the host cannot read is a 415; text PostgreSQL refuses (U+0000, or an unpaired
/// surrogate, which has no UTF-8 form) anywhere in the path, the query, a form field or a JSON string or
/// property name is a 400 whose errors name where; a form the host cannot read (too many fields, a field too
/// long) is a 400; a JSON body over <see cref="LargestJsonBody"/> is a 413. Runs after authorization, so a
/// request refused for who sends it is never read.
/// </summary>
public sealed class InputGuard(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>A JSON body of the API is a few kilobytes; a clinic with every field filled is far below.</summary>
    public const int LargestJsonBody = 1024 * 1024;

    /// <summary>
    /// The charsets a body may declare: JSON's (RFC 8259 allows UTF-8; UTF-16 and -32 are read too) and two subsets.
    /// </summary>
    public static readonly FrozenSet<string> ReadableCharsets = new[]
    {
        "utf-8",
        "utf8",
        "utf-16",
        "utf-16le",
        "utf-16be",
        "utf-32",
        "utf-32le",
        "utf-32be",
        "us-ascii",
        "iso-8859-1",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private const string Unstorable =
        "Contains a character that cannot be stored: U+0000, or a lone surrogate (no UTF-8 form).";

    public async Task InvokeAsync(HttpContext context)
    {
        // The status page a refusal re-executes to sees the same request: it must not be refused again.
        var refusal = context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            ? null
            : Charset(context.Request)
                ?? Location(context.Request)
                ?? await BodyAsync(context.Request, context.RequestAborted);
        if (refusal is null)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = refusal.Status;
        ProblemDetails details =
            refusal.Status == StatusCodes.Status400BadRequest
                ? new ValidationProblemDetails(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] })
                {
                    Title = "The request could not be read.",
                }
                : new ProblemDetails { Title = refusal.Message };
        details.Status = refusal.Status;

        // A page's refusal is left empty for the status code page, which answers a browser in HTML.
        if (context.Request.IsApi() || context.Request.Path.StartsWithSegments("/webhooks"))
        {
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
        }
    }

    /// <summary>Whether text can be stored as PostgreSQL text: no U+0000, every surrogate paired.</summary>
    public static bool IsStorable(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static Refusal? Charset(HttpRequest request)
    {
        if (
            string.IsNullOrEmpty(request.ContentType)
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.Charset.HasValue
        )
        {
            // No type, or one nobody can parse: the endpoint's own reader refuses the latter (415 on the API).
            return null;
        }

        var given = media.Charset.ToString();
        var name = HeaderUtilities.RemoveQuotes(media.Charset).ToString().Trim();
        if (!ReadableCharsets.Contains(name) || !IsKnownEncoding(name))
        {
            return new Refusal(
                StatusCodes.Status415UnsupportedMediaType,
                "Content-Type",
                "The body's charset is not one this server reads: send UTF-8 "
                    + "(UTF-16, UTF-32, US-ASCII and ISO-8859-1 are read too)."
            );
        }

        if (!string.Equals(given, name, StringComparison.Ordinal))
        {
            // A quoted charset is the same charset; the readers behind us take only the bare name.
            media.Charset = name;
            request.ContentType = media.ToString();
        }

        return null;
    }

    private static bool IsKnownEncoding(string name)
    {
        try
        {
            return Encoding.GetEncoding(name) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Refusal? Location(HttpRequest request)
    {
        if (!IsStorable(request.Path.Value))
        {
            return new Refusal(StatusCodes.Status400BadRequest, "path", Unstorable);
        }

        foreach (var (key, values) in request.Query)
        {
            if (!IsStorable(key) || values.Any(v => !IsStorable(v)))
            {
                return new Refusal(StatusCodes.Status400BadRequest, IsStorable(key) ? key : "query", Unstorable);
            }
        }

        return null;
    }

    private static async Task<Refusal?> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return await FormAsync(request, cancellationToken);
        }

        if (request.ContentLength is 0 || !request.HasJsonContentType())
        {
            return null;
        }

        if (request.ContentLength > LargestJsonBody)
        {
            return TooLarge();
        }

        request.EnableBuffering(LargestJsonBody + 1L);
        using var copy = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(copy, cancellationToken);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // Over the buffer's limit, or the client went away: either way there is nothing to read.
            return TooLarge();
        }
        finally
        {
            request.Body.Position = 0;
        }

        if (copy.Length > LargestJsonBody)
        {
            return TooLarge();
        }

        return JsonStrings.FirstUnstorable(Utf8(copy.ToArray(), request)) is { } field
            ? new Refusal(StatusCodes.Status400BadRequest, field, Unstorable)
            : null;
    }

    private static async Task<Refusal?> FormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e)
            when (e is InvalidDataException or BadHttpRequestException or IOException or DecoderFallbackException)
        {
            const string Unreadable = "The form could not be read (too many fields, or one too long).";
            return new Refusal(StatusCodes.Status400BadRequest, "body", Unreadable);
        }

        foreach (var (key, values) in form)
        {
            if (!IsStorable(key) || values.Any(v => !IsStorable(v)))
            {
                return new Refusal(StatusCodes.Status400BadRequest, IsStorable(key) ? key : "body", Unstorable);
            }
        }

        return form.Files.Any(f => !IsStorable(f.Name) || !IsStorable(f.FileName))
            ? new Refusal(StatusCodes.Status400BadRequest, "body", Unstorable)
            : null;
    }

    /// <summary>The body as UTF-8, as the JSON reader sees it: another declared charset transcoded, no BOM.</summary>
    private static byte[] Utf8(byte[] body, HttpRequest request)
    {
        var charset = MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ? media.Charset.ToString() : "";
        if (
            charset.Length > 0
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
        )
        {
            body = Encoding.UTF8.GetBytes(Encoding.GetEncoding(charset).GetString(body));
        }

        return body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
    }

    private static Refusal TooLarge() =>
        new(
            StatusCodes.Status413PayloadTooLarge,
            "body",
            FormattableString.Invariant($"The JSON body is larger than {LargestJsonBody / 1024} KiB.")
        );

    private sealed record Refusal(int Status, string Field, string Message);
}
