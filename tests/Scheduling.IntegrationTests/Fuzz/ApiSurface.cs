using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// Everything a request may be aimed at: every operation of the host's OpenAPI document, the Twilio webhooks
/// (docs/api-contract.md, "Patient-facing and provider-facing endpoints": they are not in the document), and
/// every form the dashboard's pages render, harvested from the pages as a signed-in Admin sees them.
/// </summary>
public static partial class ApiSurface
{
    /// <summary>The fields Twilio posts (inbound SMS and status callbacks) that the webhooks read.</summary>
    public static readonly IReadOnlyList<string> WebhookFields =
    [
        "MessageSid",
        "AccountSid",
        "From",
        "To",
        "Body",
        "MessageStatus",
        "ErrorCode",
        "SmsStatus",
        "NumMedia",
    ];

    public static IReadOnlyList<FuzzTarget> FromOpenApi(JsonElement document)
    {
        var targets = new List<FuzzTarget>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is not ("get" or "post" or "put" or "delete" or "patch"))
                {
                    continue;
                }

                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray()
                        .Select(p => new FuzzParameter(
                            p.GetProperty("name").GetString()!,
                            p.GetProperty("in").GetString()!,
                            p.TryGetProperty("schema", out var schema) ? schema : default
                        ))
                        .ToList()
                    : [];
                JsonElement? body =
                    operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var bodySchema)
                        ? bodySchema
                        : null;
                var method = operation.Name.ToUpperInvariant();
                targets.Add(new FuzzTarget(method, path.Name, parameters, body, [], TargetKind.Api));
            }
        }

        return targets;
    }

    public static IReadOnlyList<FuzzTarget> Webhooks() =>
        [
            new("POST", "/webhooks/twilio/sms", [], null, WebhookFields, TargetKind.Webhook),
            new("POST", "/webhooks/twilio/status", [], null, WebhookFields, TargetKind.Webhook),
        ];

    /// <summary>Each page's GET with the fields of its GET forms, and each POST form with its fields.</summary>
    public static async Task<IReadOnlyList<FuzzTarget>> FromPagesAsync(
        HttpClient adminBrowser,
        IEnumerable<string> pages
    )
    {
        var targets = new List<FuzzTarget>();
        foreach (var page in pages)
        {
            var response = await adminBrowser.GetAsync(new Uri(page, UriKind.Relative));
            var html = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
            var getFields = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match form in Form().Matches(html))
            {
                var method = form.Groups["method"].Value.ToUpperInvariant();
                var action = WebUtility.HtmlDecode(form.Groups["action"].Success ? form.Groups["action"].Value : page);
                var fields = Field()
                    .Matches(form.Groups["body"].Value)
                    .Select(f => WebUtility.HtmlDecode(f.Groups["name"].Value))
                    .Where(n => n != "__RequestVerificationToken")
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (method == "POST")
                {
                    var target = action.Length > 0 ? action : page;
                    targets.Add(new FuzzTarget("POST", target, [], null, fields, TargetKind.PageForm));
                }
                else
                {
                    getFields.UnionWith(fields);
                }
            }

            targets.Add(new FuzzTarget("GET", page, [], null, getFields.ToList(), TargetKind.PageGet));
        }

        return targets.DistinctBy(t => (t.Route, string.Join(',', t.FormFields))).ToList();
    }

    /// <summary>The anti-forgery token of the Admin's pages (one per browser session, good for every form).</summary>
    public static string? AntiforgeryToken(string html) =>
        Token().Match(html) is { Success: true } m ? m.Groups["token"].Value : null;

    [GeneratedRegex(
        "<form\\b(?=[^>]*\\bmethod=\"(?<method>\\w+)\")(?:[^>]*\\baction=\"(?<action>[^\"]*)\")?[^>]*>"
            + "(?<body>.*?)</form>",
        RegexOptions.Singleline | RegexOptions.IgnoreCase
    )]
    private static partial Regex Form();

    [GeneratedRegex("<(?:input|select|textarea|button)\\b[^>]*\\bname=\"(?<name>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}
