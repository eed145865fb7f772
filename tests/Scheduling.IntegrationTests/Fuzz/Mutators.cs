using System.Text;
using System.Text.Json.Nodes;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// The four ways a body is spoiled: by type (wrong JSON types, nulls, arrays for objects), size (long strings,
/// huge arrays, deep nesting), value (boundary dates, durations and numbers, empty, whitespace, unknown names)
/// and encoding (see <see cref="EncodingMutator"/>). Each picks a node of the tree at random and replaces it.
/// </summary>
public sealed class JsonMutator(Random random)
{
    /// <summary>Strings that PostgreSQL, NodaTime or a parser might not survive.</summary>
    public static readonly string[] HostileText =
    [
        "",
        " ",
        "\t\n ",
        "9999-12-31T23:59",
        "9999-12-31",
        "0001-01-01",
        "-0001-01-01T00:00",
        "+10000-01-01",
        "2026-02-30",
        "2026-13-01T09:00",
        "1899-12-31",
        "2200-01-01T09:00",
        "P10000Y",
        "P3650000D",
        "PT99999999999999H",
        "-PT1H",
        "-P200D",
        "P3661D",
        "P1M",
        "PT0S",
        "P99999999D",
        "PT-5H",
        "24:00",
        "25:61",
        "00:00",
        "23:59:59.9999999",
        "Etc/Unknown",
        "America/New_York\0",
        "2147483648",
        "-2147483649",
        "1e309",
        "NaN",
        "Monday2",
        "sms",
        "SMS",
        "nobody@",
        "@@",
        "+1 202 555 01999999999",
        "{{ clinic",
        "{% for x in (1..99999999) %}x{% endfor %}",
        "%",
        "_",
        "\\",
        "'; DROP TABLE patients; --",
        "\u202Eevil",
        "\uFEFF",
        "\u00A0",
        "日本語",
        "🙂🙂",
        "each",
        "first",
        "last",
        "Each",
        "ketamine-iv-induction",
        "open",
        "done",
        "maybe",
    ];

    public string Mutate(JsonNode? root, out JsonNode? mutated)
    {
        var kind = random.Next(3);
        var (target, replace) = PickNode(root);
        var (replacement, name) = kind switch
        {
            0 => WrongType(target),
            1 => Oversized(),
            _ => Boundary(),
        };
        mutated = replace is null ? replacement : root;
        replace?.Invoke(replacement);
        return name;
    }

    private (JsonNode?, string) WrongType(JsonNode? current) =>
        random.Next(8) switch
        {
            0 => (null, "type: null"),
            1 => (JsonValue.Create(random.Next(2) == 0), "type: boolean"),
            2 => (JsonValue.Create(random.Next(-5, 5)), "type: integer"),
            3 => (JsonValue.Create(1.5), "type: fraction"),
            4 => (new JsonArray(current?.DeepClone()), "type: array around the value"),
            5 => (new JsonObject { ["value"] = current?.DeepClone() }, "type: object around the value"),
            6 => (JsonValue.Create("text"), "type: string"),
            _ => (new JsonArray(), "type: empty array"),
        };

    private (JsonNode?, string) Oversized() =>
        random.Next(5) switch
        {
            0 => (JsonValue.Create(new string('x', random.Next(2) == 0 ? 300 : 100_000)), "size: long string"),
            1 => (Many(5_000, i => JsonValue.Create(i)), "size: huge array"),
            2 => (Nested(random.Next(2) == 0 ? 40 : 200), "size: deep nesting"),
            3 => (JsonValue.Create(decimal.MaxValue), "size: huge number"),
            _ => (Many(300, _ => JsonValue.Create("2026-12-14T09:00")), "size: many dates"),
        };

    private (JsonNode?, string) Boundary() =>
        random.Next(6) switch
        {
            0 => (JsonValue.Create(int.MaxValue), "value: int.MaxValue"),
            1 => (JsonValue.Create(int.MinValue), "value: int.MinValue"),
            2 => (JsonValue.Create(long.MaxValue), "value: long.MaxValue"),
            3 => (JsonValue.Create(0), "value: zero"),
            _ => (JsonValue.Create(HostileText[random.Next(HostileText.Length)]), "value: hostile text"),
        };

    private static JsonArray Many(int count, Func<int, JsonNode> element) =>
        new(Enumerable.Range(0, count).Select(i => (JsonNode?)element(i)).ToArray());

    private static JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create("deep");
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    /// <summary>A node of the tree (the root included), and how to put something in its place.</summary>
    private (JsonNode? Node, Action<JsonNode?>? Replace) PickNode(JsonNode? root)
    {
        var slots = new List<(JsonNode?, Action<JsonNode?>?)> { (root, null) };
        Collect(root, slots);
        return slots[random.Next(slots.Count)];
    }

    private static void Collect(JsonNode? node, List<(JsonNode?, Action<JsonNode?>?)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    slots.Add((child, value => obj[name] = value));
                    Collect(child, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    var child = array[i];
                    slots.Add((child, value => array[index] = value));
                    Collect(child, slots);
                }

                break;
        }
    }
}

/// <summary>
/// Spoils the bytes and their labels: charsets (unknown, quoted, mismatched), invalid UTF-8, U+0000 and lone
/// surrogates inside a string (raw and escaped), a byte-order mark, wrong content types, a form instead of JSON.
/// Text is put into a string through a marker, since a JSON writer will not write a lone surrogate.
/// </summary>
public sealed class EncodingMutator(Random random)
{
    public const string Marker = "FUZZMARKER";

    private static readonly string[] Charsets =
    [
        "ebcdic",
        "\"utf-8\"",
        "UTF-8",
        "utf-16",
        "utf-32",
        "utf-7",
        "iso-8859-1",
        "x-unknown",
        "",
        "utf-8; charset=ebcdic",
        "latin1",
        "IBM037",
    ];

    private static readonly string[] Types =
    [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json-patch+json",
        "application/problem+json",
        "*/*",
        "application/",
        "json",
        "application/json; foo=\"unterminated",
    ];

    private static readonly string[] Insertions =
    [
        "\\u0000",
        "\\ud800",
        "\\udfff",
        "\\ud800\\u0041",
        "a\\u0000b",
        "\\uD83D",
    ];

    private static readonly byte[][] RawBytes =
    [
        [0x00],
        [0xFF],
        [0xC3, 0x28],
        [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80],
        [0xC0, 0x80],
    ];

    public (byte[] Body, string? ContentType, string Name) Mutate(byte[] json, bool hasMarker)
    {
        switch (random.Next(hasMarker ? 6 : 4))
        {
            case 0:
                var charset = Charsets[random.Next(Charsets.Length)];
                return (json, $"application/json; charset={charset}", $"encoding: charset {charset}");
            case 1:
                var type = Types[random.Next(Types.Length)];
                return (json, random.Next(5) == 0 ? null : type, $"encoding: content type {type}");
            case 2:
                return ([.. Encoding.UTF8.Preamble, .. json], "application/json", "encoding: byte-order mark");
            case 3:
                var utf16 = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(json));
                return (utf16, "application/json; charset=utf-8", "encoding: UTF-16 sent as UTF-8");
            case 4:
                var escape = Insertions[random.Next(Insertions.Length)];
                var escaped = Replace(json, Encoding.ASCII.GetBytes(escape));
                return (escaped, "application/json", $"encoding: {escape} in a string");
            default:
                var raw = RawBytes[random.Next(RawBytes.Length)];
                var name = $"encoding: raw bytes {Convert.ToHexString(raw)} in a string";
                return (Replace(json, raw), "application/json", name);
        }
    }

    /// <summary>A hostile form value, URL-encoded: U+0000, a surrogate's bytes (%ED%A0%80), bytes no UTF-8.</summary>
    public static string FormValue(Random random) =>
        random.Next(5) switch
        {
            0 => "%00",
            1 => "a%00b",
            2 => "%ED%A0%80",
            3 => "%FF%FE",
            _ => "%C0%80",
        };

    private static byte[] Replace(byte[] json, byte[] insertion)
    {
        var text = Encoding.UTF8.GetString(json);
        var at = text.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return json;
        }

        var before = Encoding.UTF8.GetBytes(text[..at]);
        var after = Encoding.UTF8.GetBytes(text[(at + Marker.Length)..]);
        return [.. before, .. insertion, .. after];
    }
}
