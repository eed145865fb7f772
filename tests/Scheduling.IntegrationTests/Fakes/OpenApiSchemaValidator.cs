using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Scheduling.IntegrationTests.Fakes;

/// <summary>
/// The subset of OpenAPI 3.0 schema validation that Twilio's definition uses: $ref, type, nullable,
/// required, properties, additionalProperties, items, enum, pattern, minLength/maxLength,
/// minimum/maximum, and the standard formats uri and date-time. Formats OpenAPI does not define
/// (Twilio's phone-number, currency, date-time-rfc-2822) constrain nothing, as in any OpenAPI validator.
/// Form fields arrive as text and are read as their schema's type, as OpenAPI says for form bodies.
/// </summary>
public sealed class OpenApiSchemaValidator(JsonElement root)
{
    // The definition never changes while the server runs: each $ref is looked up, and each pattern
    // compiled, once (a lookup walks the definition's thousands of schemas; a pattern is a regex to build).
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _references = new(StringComparer.Ordinal);

    public IReadOnlyList<SchemaViolation> ValidateForm(
        JsonElement schema,
        IEnumerable<KeyValuePair<string, StringValues>> form
    )
    {
        schema = Resolve(schema);
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var violations = new List<SchemaViolation>();
        foreach (var required in Required(schema).Where(r => !fields.ContainsKey(r)))
        {
            violations.Add(new SchemaViolation(required, "is required"));
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var (name, values) in fields)
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var property))
            {
                if (
                    schema.TryGetProperty("additionalProperties", out var additional)
                    && additional.ValueKind == JsonValueKind.False
                )
                {
                    violations.Add(new SchemaViolation(name, "is not a known field"));
                }

                continue;
            }

            property = Resolve(property);
            if (Type(property) == "array")
            {
                violations.AddRange(
                    values.SelectMany(v => ValidateText(name, property.GetProperty("items"), v ?? string.Empty))
                );
            }
            else if (values.Count != 1)
            {
                violations.Add(new SchemaViolation(name, "takes exactly one value"));
            }
            else
            {
                violations.AddRange(ValidateText(name, property, values[0] ?? string.Empty));
            }
        }

        return violations;
    }

    public IReadOnlyList<SchemaViolation> ValidateText(string name, JsonElement schema, string text)
    {
        schema = Resolve(schema);
        var problems = new List<SchemaViolation>();
        void Problem(string what) => problems.Add(new SchemaViolation(name, what));

        switch (Type(schema))
        {
            case "integer"
                when !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                Problem("must be an integer");
                return problems;
            case "number" when !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                Problem("must be a number");
                return problems;
            case "boolean" when !bool.TryParse(text, out _):
                Problem("must be true or false");
                return problems;
            case "integer" or "number":
                CheckRange(schema, decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), Problem);
                break;
            case "string":
                CheckString(schema, text, Problem);
                break;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == text))
        {
            Problem($"must be one of {string.Join(", ", allowed.EnumerateArray())}");
        }

        return problems;
    }

    public IReadOnlyList<SchemaViolation> ValidateJson(JsonElement schema, JsonElement value, string path = "$")
    {
        schema = Resolve(schema);
        var problems = new List<SchemaViolation>();
        void Problem(string what) => problems.Add(new SchemaViolation(path, what));
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()))
            {
                Problem("must not be null");
            }

            return problems;
        }

        switch (Type(schema), value.ValueKind)
        {
            case ("object", JsonValueKind.Object):
                foreach (var required in Required(schema).Where(r => !value.TryGetProperty(r, out _)))
                {
                    Problem($"misses {required}");
                }

                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var member in value.EnumerateObject())
                    {
                        if (properties.TryGetProperty(member.Name, out var property))
                        {
                            problems.AddRange(ValidateJson(property, member.Value, $"{path}.{member.Name}"));
                        }
                    }
                }

                break;
            case ("array", JsonValueKind.Array):
                problems.AddRange(
                    value
                        .EnumerateArray()
                        .SelectMany((item, i) => ValidateJson(schema.GetProperty("items"), item, $"{path}[{i}]"))
                );
                break;
            case ("string", JsonValueKind.String):
                problems.AddRange(ValidateText(path, schema, value.GetString()!));
                break;
            case ("integer", JsonValueKind.Number) when value.TryGetInt64(out _):
            case ("number", JsonValueKind.Number):
                problems.AddRange(ValidateText(path, schema, value.GetRawText()));
                break;
            case ("boolean", JsonValueKind.True or JsonValueKind.False):
            case (null, _):
                break;
            case var (type, kind):
                Problem($"must be {type}, not {kind}");
                break;
        }

        return problems;
    }

    private static void CheckString(JsonElement schema, string text, Action<string> problem)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            problem($"must be at least {min} characters");
        }

        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            problem($"must be at most {max} characters");
        }

        if (
            schema.TryGetProperty("pattern", out var pattern)
            && !Patterns
                .GetOrAdd(pattern.GetString()!, p => new Regex(p, RegexOptions.Compiled, TimeSpan.FromSeconds(1)))
                .IsMatch(text)
        )
        {
            problem($"must match {pattern}");
        }

        var ignoreFormat =
            schema.TryGetProperty("x-twilio", out var twilio)
            && twilio.TryGetProperty("ignoreFormat", out var ignore)
            && ignore.GetBoolean();
        var format = schema.TryGetProperty("format", out var f) && !ignoreFormat ? f.GetString() : null;
        if (format == "uri" && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0))
        {
            problem("must be an absolute URI");
        }

        if (
            format == "date-time"
            && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
        )
        {
            problem("must be an ISO 8601 date-time");
        }
    }

    private static void CheckRange(JsonElement schema, decimal number, Action<string> problem)
    {
        if (schema.TryGetProperty("minimum", out var min) && number < min.GetDecimal())
        {
            problem($"must be at least {min}");
        }

        if (schema.TryGetProperty("maximum", out var max) && number > max.GetDecimal())
        {
            problem($"must be at most {max}");
        }
    }

    private static string? Type(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!)
            : [];

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = _references.GetOrAdd(reference.GetString()!, r =>
                r.TrimStart('#')
                    .Split('/', StringSplitOptions.RemoveEmptyEntries)
                    .Aggregate(root, (node, segment) =>
                        node.GetProperty(
                            segment
                                .Replace("~1", "/", StringComparison.Ordinal)
                                .Replace("~0", "~", StringComparison.Ordinal)
                        )
                    )
            );
        }

        return schema;
    }
}

public sealed record SchemaViolation(string Field, string Problem)
{
    public override string ToString() => $"{Field} {Problem}";
}
