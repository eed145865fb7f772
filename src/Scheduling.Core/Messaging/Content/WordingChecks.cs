using System.Text.RegularExpressions;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// The checks a wording meets when it is saved, the same a message meets right before it is sent: it parses,
/// uses only the values a message offers, fits the channel, and its lock-screen text (<see cref="LockScreen"/>)
/// names no drug or diagnosis, as written and with the clinic's name in it (<see cref="ClinicNameRendering"/>).
/// </summary>
public sealed partial class WordingChecks(ContentCheck content, ClinicNameRendering names)
{
    private const int SmsBodyLimit = 1600;
    private const int EmailBodyLimit = 20_000;
    private const int SubjectLimit = 200;

    /// <summary>The values a message offers its wording (MessageComposer); anything else would render empty.</summary>
    public static readonly IReadOnlySet<string> Variables = new HashSet<string>(StringComparer.Ordinal)
    {
        "clinic",
        "clinic_phone",
        "first_name",
        "date",
        "time",
        "sessions",
        "schedule",
        "preparation",
        "link",
        "expires",
        "alert_id",
    };

    /// <summary>What is wrong with this wording on this channel, part by part; nothing when it may be saved.</summary>
    public IReadOnlyList<WordingProblem> Check(Channel channel, string? subject, string? body, string? clinicName)
    {
        var problems = new List<WordingProblem>();
        if (string.IsNullOrWhiteSpace(body))
        {
            problems.Add(new(WordingPart.Body, "body is required."));
            return problems;
        }

        var limit = channel == Channel.Sms ? SmsBodyLimit : EmailBodyLimit;
        if (body.Length > limit)
        {
            problems.Add(new(WordingPart.Body, $"At most {limit} characters for {channel}."));
        }

        CheckLiquid(WordingPart.Body, body, problems);
        if (channel == Channel.Sms && !string.IsNullOrEmpty(subject))
        {
            problems.Add(new(WordingPart.Subject, "An SMS has no subject."));
        }
        else if (channel == Channel.Email)
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                problems.Add(new(WordingPart.Subject, "An email needs a subject."));
                return problems;
            }

            if (subject.Length > SubjectLimit || subject.Contains('\n', StringComparison.Ordinal))
            {
                problems.Add(new(WordingPart.Subject, $"One line of at most {SubjectLimit} characters."));
            }

            CheckLiquid(WordingPart.Subject, subject, problems);
        }

        var part = LockScreen.Part(channel);
        var what = channel == Channel.Sms ? "An SMS" : "An email subject (lock screens show it)";
        CheckDiscreet(part, LockScreen.Text(channel, subject, body), clinicName, what, problems);
        return problems;
    }

    private static void CheckLiquid(WordingPart part, string text, List<WordingProblem> problems)
    {
        if (WordingRenderer.SyntaxError(text) is { } error)
        {
            problems.Add(new(part, $"The template does not parse: {error}"));
            return;
        }

        var unknown = VariablePattern()
            .Matches(text)
            .Select(m => m.Groups[1].Value)
            .Where(v => !Variables.Contains(v))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            var offered = string.Join(", ", unknown.Select(v => "{{ " + v + " }}"));
            var values = string.Join(", ", Variables.Order(StringComparer.Ordinal));
            problems.Add(new(part, $"No message offers {offered}; the values are {values}."));
        }
    }

    /// <summary>The lock-screen text as written, then as a message would carry it, with the clinic's name.</summary>
    private void CheckDiscreet(
        WordingPart part,
        string? text,
        string? clinicName,
        string what,
        List<WordingProblem> problems
    )
    {
        if (content.FindForbidden(text) is { Count: > 0 } words)
        {
            problems.Add(new(part, $"{what} must not name a drug or a diagnosis; found: {string.Join(", ", words)}."));
        }
        else if (clinicName is not null && names.Forbidden(text, clinicName) is { Count: > 0 } rendered)
        {
            problems.Add(
                new(
                    part,
                    $"{what} with the clinic's name in it (\"{clinicName}\") would name a drug or a diagnosis; "
                        + $"found: {string.Join(", ", rendered)}. Give the clinic a messageName without it."
                )
            );
        }
    }

    [GeneratedRegex(@"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}

/// <summary>One thing wrong with one part of a wording; the web host names the part's field.</summary>
public sealed record WordingProblem(WordingPart Part, string Message);
