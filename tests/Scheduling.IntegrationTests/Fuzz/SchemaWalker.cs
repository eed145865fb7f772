using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// Builds a plausible JSON value from an OpenAPI schema ($ref, type or type lists, oneOf/anyOf/allOf, enum,
/// properties, items), with values a front desk would send where a field's name says what it holds and ids
/// that exist, so that the mutations start from requests the host would take and reach deep into it.
/// </summary>
public sealed class SchemaWalker(JsonElement document, Random random, SeedData seed)
{
    private const int DeepestSchema = 12;

    public JsonNode? Build(JsonElement schema, string name = "", int depth = 0)
    {
        schema = Resolve(schema);
        if (depth > DeepestSchema || schema.ValueKind != JsonValueKind.Object)
        {
            return Plausible.Value(name, "string", random, seed);
        }

        foreach (var choice in (string[])["oneOf", "anyOf", "allOf"])
        {
            if (schema.TryGetProperty(choice, out var options))
            {
                var concrete = options.EnumerateArray().Where(o => Type(Resolve(o)) != "null").ToList();
                return concrete.Count == 0 ? null : Build(concrete[random.Next(concrete.Count)], name, depth + 1);
            }
        }

        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[random.Next(values.GetArrayLength())].GetRawText());
        }

        return Type(schema) switch
        {
            "object" => Object(schema, depth),
            "array" => Array(schema, name, depth),
            "null" => null,
            { } type => Plausible.Value(name, type, random, seed),
            null => Plausible.Value(name, Plausible.AnyType(random), random, seed),
        };
    }

    private JsonObject Object(JsonElement schema, int depth)
    {
        var node = new JsonObject();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                node[property.Name] = Build(property.Value, property.Name, depth + 1);
            }
        }

        return node;
    }

    private JsonArray Array(JsonElement schema, string name, int depth)
    {
        var node = new JsonArray();
        var count = Plausible.ArrayLength(name, random);
        for (var i = 0; i < count; i++)
        {
            node.Add(
                schema.TryGetProperty("items", out var items)
                    ? Build(items, name, depth + 1)
                    : Plausible.Value(name, "string", random, seed)
            );
        }

        return node;
    }

    /// <summary>The schema's type; of a type list the first not null ("integer" before its "string" form).</summary>
    private static string? Type(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            var hasProperties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _);
            return hasProperties ? "object" : null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not ("null" or "string"))
                ?? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
                ?? "null"
            : type.GetString();
    }

    private JsonElement Resolve(JsonElement schema)
    {
        for (
            var hops = 0;
            hops < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference);
            hops++
        )
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                var unescaped = part.Replace("~1", "/", StringComparison.Ordinal)
                    .Replace("~0", "~", StringComparison.Ordinal);
                target = target.GetProperty(unescaped);
            }

            schema = target;
        }

        return schema;
    }
}
