using System.Text;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>Who sends a request: a bearer token of a role, the Admin's signed-in browser, or nobody.</summary>
public enum Caller
{
    Anonymous,
    Admin,
    FrontDesk,
    Clinician,
    Ops,
    AdminBrowser,
}

/// <summary>One hostile request as sent, and as printed when it fails: method, path, headers and body.</summary>
public sealed record FuzzRequest(
    string Route,
    string Method,
    string PathAndQuery,
    Caller Caller,
    string? ContentType,
    byte[]? Body,
    IReadOnlyDictionary<string, string> Headers,
    string Mutation
)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(PathAndQuery, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Method)
            .Append(' ')
            .Append(PathAndQuery)
            .Append("   (route ")
            .Append(Route)
            .Append(", as ")
            .Append(Caller)
            .Append(", mutation: ")
            .Append(Mutation)
            .AppendLine(")");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").AppendLine(value);
        }

        if (ContentType is not null)
        {
            text.Append("Content-Type: ").AppendLine(ContentType);
        }

        if (Body is { Length: > 0 })
        {
            var shown = Body.Length > 2000 ? Body[..2000] : Body;
            text.Append("Body (").Append(Body.Length).Append(" bytes, escaped): ").AppendLine(Escape(shown));
        }

        return text.ToString();
    }

    /// <summary>Printable ASCII as is; every other byte as \xNN, so NULs and broken UTF-8 show.</summary>
    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}

/// <summary>Where a request may go: an operation of the OpenAPI document, a webhook, a page or its form.</summary>
public sealed record FuzzTarget(
    string Method,
    string PathTemplate,
    IReadOnlyList<FuzzParameter> Parameters,
    System.Text.Json.JsonElement? JsonBody,
    IReadOnlyList<string> FormFields,
    TargetKind Kind
)
{
    public string Route => $"{Method} {PathTemplate}";
}

public sealed record FuzzParameter(string Name, string In, System.Text.Json.JsonElement Schema);

public enum TargetKind
{
    Api,
    Webhook,
    PageForm,
    PageGet,
}
