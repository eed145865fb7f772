using System.Collections.Concurrent;
using System.Text.Json;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// Twilio's published OpenAPI definition of its 2010-04-01 API (vendored in Fakes/Twilio with its licence), and the
/// parts of it
/// the fake Twilio server is held to: the Messages operations, the message schema and the error shape.
/// </summary>
public sealed class TwilioApiDefinition
{
    public const string FileName = "twilio_api_v2010.json";
    public const string MessagesPath = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
    public const string MessagePath = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json";

    private static readonly Lazy<TwilioApiDefinition> Shared = new(() => new TwilioApiDefinition(FindFile()));

    private readonly JsonDocument _document;
    private readonly ConcurrentDictionary<(string Path, string Method, string Name), JsonElement> _pathParameters =
        new();

    private TwilioApiDefinition(string path)
    {
        _document = JsonDocument.Parse(File.ReadAllBytes(path));
        Schemas = new OpenApiSchemaValidator(_document.RootElement);
        var post = Paths.GetProperty(MessagesPath).GetProperty("post");
        CreateMessageForm = post.GetProperty("requestBody")
            .GetProperty("content")
            .GetProperty("application/x-www-form-urlencoded")
            .GetProperty("schema");
        CreateMessageExample = post.GetProperty("responses")
            .GetProperty("201")
            .GetProperty("content")
            .GetProperty("application/json")
            .GetProperty("examples")
            .GetProperty("create")
            .GetProperty("value");
        Message = _document
            .RootElement.GetProperty("components")
            .GetProperty("schemas")
            .GetProperty("api.v2010.account.message");
        Error = FindErrorSchema(Paths)
            ?? throw new InvalidOperationException(
                "The definition has no error schema with code, message, more_info and status."
            );
    }

    public static TwilioApiDefinition Instance => Shared.Value;

    public OpenApiSchemaValidator Schemas { get; }

    /// <summary>The form body of "Send a message" (CreateMessageRequest).</summary>
    public JsonElement CreateMessageForm { get; }

    public JsonElement CreateMessageExample { get; }

    /// <summary>api.v2010.account.message: what both Messages operations answer with.</summary>
    public JsonElement Message { get; }

    /// <summary>The definition's error body: code, message, more_info, status.</summary>
    public JsonElement Error { get; }

    private JsonElement Paths => _document.RootElement.GetProperty("paths");

    /// <summary>Found once per parameter: the lookup walks the definition's paths, and every request asks.</summary>
    public JsonElement PathParameter(string path, string method, string name) =>
        _pathParameters.GetOrAdd((path, method, name), key =>
            Paths
                .GetProperty(key.Path)
                .GetProperty(key.Method)
                .GetProperty("parameters")
                .EnumerateArray()
                .Single(p => p.GetProperty("name").GetString() == key.Name && p.GetProperty("in").GetString() == "path")
                .GetProperty("schema")
        );

    /// <summary>
    /// The vendored copy, which the build puts beside the test assembly; nothing outside the repository.
    /// </summary>
    public static string FindFile()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fakes", "Twilio", FileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{FileName} is not beside the test assembly; the build copies it there.",
                path
            );
    }

    private static JsonElement? FindErrorSchema(JsonElement paths)
    {
        foreach (var path in paths.EnumerateObject())
        {
            foreach (
                var operation in path
                    .Value.EnumerateObject()
                    .Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _))
            )
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    if (
                        response.Value.TryGetProperty("content", out var content)
                        && content.TryGetProperty("application/json", out var json)
                        && json.TryGetProperty("schema", out var schema)
                        && schema.TryGetProperty("properties", out var properties)
                        && new[] { "code", "message", "more_info", "status" }.All(p =>
                            properties.TryGetProperty(p, out _)
                        )
                    )
                    {
                        return schema;
                    }
                }
            }
        }

        return null;
    }
}
