using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// Turns a target into one hostile request: path values that exist, are random or are hostile; query values
/// plausible or hostile; a body built from the schema and then spoiled by <see cref="JsonMutator"/> and
/// <see cref="EncodingMutator"/>; webhooks signed or not; page forms with or without their anti-forgery token.
/// Everything is drawn from one seeded <see cref="Random"/>, so a seed is a run.
/// </summary>
public sealed class RequestGenerator(
    Random random,
    SchemaWalker walker,
    SeedData seed,
    string twilioAuthToken,
    string antiforgeryToken
)
{
    private static readonly string[] HostileSegments =
    [
        "%00",
        "a%00b",
        "%ED%A0%80",
        "%C0%80",
        "not-a-guid",
        "00000000-0000-0000-0000-000000000000",
        "9999-12-31",
        "-1",
        "%F0%9F%99%82",
        "..%2F..%2Fetc",
        "%25",
        "%20",
        "Reminder%00",
        "ZZZZ",
    ];

    private readonly JsonMutator _json = new(random);
    private readonly EncodingMutator _encoding = new(random);

    public FuzzRequest Next(FuzzTarget target) =>
        target.Kind switch
        {
            TargetKind.Api => Api(target),
            TargetKind.Webhook => Webhook(target),
            TargetKind.PageForm => PageForm(target),
            _ => PageGet(target),
        };

    private FuzzRequest Api(FuzzTarget target)
    {
        var caller = random.Next(100) switch
        {
            < 72 => Caller.Admin,
            < 82 => Caller.Anonymous,
            < 88 => Caller.FrontDesk,
            < 94 => Caller.Clinician,
            _ => Caller.Ops,
        };
        var mutations = new List<string>();
        var path = FillPath(target.PathTemplate, mutations);
        var query = new List<string>();
        foreach (var parameter in target.Parameters.Where(p => p.In == "query"))
        {
            if (random.Next(4) > 0)
            {
                query.Add($"{Uri.EscapeDataString(parameter.Name)}={QueryValue(parameter.Name, mutations)}");
            }
        }

        if (random.Next(20) == 0)
        {
            query.Add("extra=%00");
            mutations.Add("query: extra field with U+0000");
        }

        var pathAndQuery = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        if (target.JsonBody is not { } schema)
        {
            return new FuzzRequest(
                target.Route,
                target.Method,
                pathAndQuery,
                caller,
                null,
                null,
                Empty,
                Joined(mutations)
            );
        }

        var (body, contentType) = JsonBody(schema, mutations);
        return new FuzzRequest(
            target.Route,
            target.Method,
            pathAndQuery,
            caller,
            contentType,
            body,
            Empty,
            Joined(mutations)
        );
    }

    private (byte[]? Body, string? ContentType) JsonBody(JsonElement schema, List<string> mutations)
    {
        if (random.Next(25) == 0)
        {
            mutations.Add("body: none");
            return (random.Next(2) == 0 ? null : [], "application/json");
        }

        var node = walker.Build(schema);
        var plan = random.Next(100);
        if (plan is >= 25 and < 75 || plan >= 90)
        {
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                mutations.Add(_json.Mutate(node, out node));
            }
        }

        var hasMarker = plan >= 75 && MarkOneString(node);
        var bytes = Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");
        if (plan < 75)
        {
            return (bytes, "application/json");
        }

        var (spoiled, contentType, name) = _encoding.Mutate(bytes, hasMarker);
        mutations.Add(name);
        return (spoiled, contentType);
    }

    private FuzzRequest Webhook(FuzzTarget target)
    {
        var mutations = new List<string>();
        var fields = new List<(string Name, string Encoded)>();
        foreach (var name in target.FormFields.Where(_ => random.Next(10) < 8))
        {
            var value = random.Next(6) == 0 ? Hostile(mutations, name) : Uri.EscapeDataString(WebhookValue(name));
            fields.Add((name, value));
        }

        if (random.Next(25) == 0)
        {
            fields.AddRange(Enumerable.Range(0, 1100).Select(i => ($"f{i}", "x")));
            mutations.Add("form: 1100 fields");
        }

        var contentType = "application/x-www-form-urlencoded";
        if (random.Next(12) == 0)
        {
            contentType += "; charset=ebcdic";
            mutations.Add("encoding: charset ebcdic");
        }

        var body = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={f.Encoded}"));
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (random.Next(2) == 0)
        {
            var decoded = fields.Select(f => KeyValuePair.Create(f.Name, WebUtility.UrlDecode(f.Encoded)));
            var url = MessagingApp.PublicBaseUrl + target.PathTemplate;
            headers["X-Twilio-Signature"] = TwilioRequestSigner.Sign(twilioAuthToken, url, decoded);
            mutations.Add("signed");
        }

        return new FuzzRequest(
            target.Route,
            "POST",
            target.PathTemplate,
            Caller.Anonymous,
            contentType,
            Encoding.UTF8.GetBytes(body),
            headers,
            Joined(mutations)
        );
    }

    private FuzzRequest PageForm(FuzzTarget target)
    {
        var mutations = new List<string>();
        var fields = new List<string>();
        if (random.Next(10) > 0)
        {
            fields.Add($"__RequestVerificationToken={Uri.EscapeDataString(antiforgeryToken)}");
        }
        else
        {
            mutations.Add("no anti-forgery token");
        }

        foreach (var name in target.FormFields.Where(_ => random.Next(10) < 8))
        {
            var value =
                random.Next(3) == 0
                    ? Hostile(mutations, name)
                    : Uri.EscapeDataString(Plausible.Text(LastPart(name), random, seed));
            fields.Add($"{Uri.EscapeDataString(name)}={value}");
        }

        var contentType = "application/x-www-form-urlencoded" + (random.Next(15) == 0 ? "; charset=x-unknown" : "");
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields));
        return new FuzzRequest(
            target.Route,
            "POST",
            target.PathTemplate,
            Caller.AdminBrowser,
            contentType,
            body,
            Empty,
            Joined(mutations)
        );
    }

    private FuzzRequest PageGet(FuzzTarget target)
    {
        var mutations = new List<string>();
        var query = target
            .FormFields.Select(name => $"{Uri.EscapeDataString(name)}={QueryValue(LastPart(name), mutations)}")
            .ToList();
        if (random.Next(3) == 0)
        {
            query.Add($"date={Uri.EscapeDataString(Plausible.Pick(random, JsonMutator.HostileText))}");
            mutations.Add("query: hostile date");
        }

        var path = query.Count == 0 ? target.PathTemplate : $"{target.PathTemplate}?{string.Join('&', query)}";
        return new FuzzRequest(target.Route, "GET", path, Caller.AdminBrowser, null, null, Empty, Joined(mutations));
    }

    private string FillPath(string template, List<string> mutations)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            var name = segments[i].Trim('{', '}');
            segments[i] = random.Next(10) switch
            {
                < 6 => Uri.EscapeDataString(
                    name == "id" && i > 0
                        ? seed.Id(segments[i - 1], random).ToString()
                        : Plausible.Text(name, random, seed)
                ),
                < 8 => Guid.NewGuid().ToString(),
                // Kestrel answers a path with U+0000 itself (400), and the test server cannot carry one.
                _ => Hostile(mutations, $"path {name}").Replace("%00", "%C0%80", StringComparison.Ordinal),
            };
        }

        return string.Join('/', segments);
    }

    private string QueryValue(string name, List<string> mutations) =>
        random.Next(3) == 0
            ? Hostile(mutations, $"query {name}")
            : Uri.EscapeDataString(Plausible.Text(name, random, seed));

    /// <summary>A URL-encoded hostile value: U+0000, broken UTF-8, a boundary value, or a very long one.</summary>
    private string Hostile(List<string> mutations, string where)
    {
        var pick = random.Next(4);
        var value = pick switch
        {
            0 => EncodingMutator.FormValue(random),
            1 => HostileSegments[random.Next(HostileSegments.Length)],
            2 => Uri.EscapeDataString(new string('x', random.Next(2) == 0 ? 300 : 20_000)),
            _ => Uri.EscapeDataString(JsonMutator.HostileText[random.Next(JsonMutator.HostileText.Length)]),
        };
        mutations.Add($"{where}: {(value.Length > 40 ? value[..40] + "…" : value)}");
        return value;
    }

    private string WebhookValue(string name) =>
        name switch
        {
            "From" => seed.Phones.Count > 0 && random.Next(3) > 0
                ? seed.Phones.ElementAt(random.Next(seed.Phones.Count))
                : "+12025550199",
            "To" => MessagingApp.SmsFrom,
            "AccountSid" => FakeTwilioServer.DefaultAccountSid,
            "MessageSid" => $"SM{random.Next():x8}{random.Next():x8}",
            "Body" => Plausible.Pick(random, "STOP", "START", "HELP", "C", "R", "YES", "NO", "hello", ""),
            "MessageStatus" or "SmsStatus" => Plausible.Pick(
                random,
                "delivered",
                "failed",
                "undelivered",
                "sent",
                "queued",
                "bogus"
            ),
            "ErrorCode" => Plausible.Pick(random, "30005", "30006", "21610", "abc", ""),
            _ => "0",
        };

    /// <summary>Appends the marker to one string of the tree, where an encoding mutation will put its text.</summary>
    private bool MarkOneString(JsonNode? node)
    {
        var strings = new List<JsonValue>();
        Strings(node, strings);
        if (strings.Count == 0)
        {
            return false;
        }

        var chosen = strings[random.Next(strings.Count)];
        chosen.ReplaceWith(JsonValue.Create(chosen.GetValue<string>() + EncodingMutator.Marker));
        return true;
    }

    private static void Strings(JsonNode? node, List<JsonValue> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Strings(child, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strings(child, found);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.Parent is not null:
                found.Add(value);
                break;
        }
    }

    private static string LastPart(string name) => name[(name.LastIndexOf('.') + 1)..];

    private static string Joined(List<string> mutations) =>
        mutations.Count == 0 ? "none" : string.Join("; ", mutations);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
