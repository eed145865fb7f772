using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// A clinic's own wording for each kind of message, channel and language. Saving runs the same checks a
/// message meets right before it is sent, so a template that would leak a drug or diagnosis into an SMS or
/// an email subject, or that does not parse, is refused when it is written rather than at 3 a.m. The same
/// holds for the clinic's name: a wording is checked with the name in it, and a name with every wording.
/// </summary>
public sealed partial class WordingBook(
    SchedulingDbContext db,
    ContentCheck content,
    WordingRenderer renderer,
    IClock clock,
    IActor actor,
    AuditLog audit
)
{
    public const string DefaultLanguage = "en";
    private const int SmsBodyLimit = 1600;
    private const int EmailBodyLimit = 20_000;
    private const int SubjectLimit = 200;

    /// <summary>The values a message offers its template (MessageComposer); anything else would render empty.</summary>
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

    /// <summary>
    /// Plain stand-ins for every value a message offers but the clinic's name, so that a wording can be
    /// rendered with a name before any message exists (the real values are dates, times, counts and links).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> StandIns = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["clinic_phone"] = "+12025550100",
        ["first_name"] = "Alex",
        ["date"] = "Monday, December 7",
        ["time"] = "9:00 AM",
        ["sessions"] = "6",
        ["schedule"] = "- Monday, December 7 at 9:00 AM",
        ["preparation"] = "",
        ["link"] = "https://example.invalid/s/link",
        ["expires"] = "Thursday, December 10 at 9:00 AM",
        ["alert_id"] = "00000000-0000-0000-0000-000000000000",
    };

    /// <summary>
    /// Whether messages may call a clinic by this name (docs/api-contract.md, "Nothing silent"): the name
    /// itself, and every wording that may apply at the clinic (built in, shared, its own in any language)
    /// rendered with it, pass the discretion check. Problems are added under `field`.
    /// </summary>
    public async Task CheckNameAsync(
        Guid? clinicId,
        string name,
        string field,
        Problems problems,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (content.FindForbidden(name) is { Count: > 0 } words)
        {
            problems.Add(
                field,
                $"Messages would call the clinic \"{name}\", which names a drug or a diagnosis ({string.Join(", ", words)}); "
                    + "texts and email subjects show it on lock screens. "
                    + "Give a messageName without it, such as \"Wellness Center\"."
            );
            return;
        }

        var stored = await db
            .MessageWordings.AsNoTracking()
            .Where(t => t.ClinicId == null || t.ClinicId == clinicId)
            .ToListAsync(cancellationToken);
        var builtIn = Enum.GetValues<MessageKind>()
            .SelectMany(kind => Enum.GetValues<Channel>().Select(channel => (kind, channel)))
            .Select(k =>
                DefaultWordings.For(k.kind, k.channel) is { } t
                    ? new MessageWording
                    {
                        Kind = k.kind,
                        Channel = k.channel,
                        Language = DefaultLanguage,
                        Subject = t.Subject,
                        Body = t.Body,
                    }
                    : null
            )
            .OfType<MessageWording>();
        var failing = builtIn
            .Concat(stored)
            .Where(t => WithName(t.Channel == Channel.Sms ? t.Body : t.Subject, name).Count > 0)
            .Select(t => $"{t.Kind} by {t.Channel} ({t.Language}{(t.ClinicId is null ? "" : ", the clinic's own")})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (failing.Count > 0)
        {
            problems.Add(
                field,
                $"With the name \"{name}\" in them, these messages would fail the discretion check: "
                    + $"{string.Join("; ", failing)}."
            );
        }
    }

    /// <summary>Every kind and channel with the wording that applies at the clinic in that language: its own, or the built-in one.</summary>
    public async Task<Outcome<IReadOnlyList<MessageWordingView>>> ListAsync(
        Guid clinicId,
        string? language,
        CancellationToken cancellationToken
    )
    {
        var lang = Language(language);
        if (lang is null)
        {
            return Outcome<IReadOnlyList<MessageWordingView>>.Invalid("language", LanguageRule);
        }

        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken))
        {
            return Outcome<IReadOnlyList<MessageWordingView>>.NotFound($"There is no clinic {clinicId}.");
        }

        var own = await db
            .MessageWordings.AsNoTracking()
            .Where(t => t.ClinicId == clinicId && t.Language == lang)
            .ToListAsync(cancellationToken);
        var views = new List<MessageWordingView>();
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                if (own.FirstOrDefault(t => t.Kind == kind && t.Channel == channel) is { } mine)
                {
                    views.Add(View(clinicId, mine, builtIn: false));
                }
                else if (DefaultWordings.For(kind, channel) is { } standard)
                {
                    views.Add(
                        View(
                            clinicId,
                            new MessageWording
                            {
                                Kind = kind,
                                Channel = channel,
                                Language = lang,
                                Subject = standard.Subject,
                                Body = standard.Body,
                            },
                            builtIn: true
                        )
                    );
                }
            }
        }

        return views;
    }

    public async Task<Outcome<MessageWordingView>> SaveAsync(
        Guid clinicId,
        string? kind,
        string? channel,
        MessageWordingInput? input,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var parsedKind = Parse<MessageKind>(kind, "kind", problems);
        var parsedChannel = Parse<Channel>(channel, "channel", problems);
        if (input is null)
        {
            return Outcome<MessageWordingView>.Invalid("body", "A template is required.");
        }

        var lang = Language(input.Language);
        if (lang is null)
        {
            problems.Add("language", LanguageRule);
        }

        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clinicId, cancellationToken);
        if (parsedChannel is { } ch)
        {
            CheckText(ch, input, clinic?.NameInMessages, problems);
        }

        if (problems.Any)
        {
            return Outcome<MessageWordingView>.Invalid(problems.ToDictionary());
        }

        if (clinic is null)
        {
            return Outcome<MessageWordingView>.NotFound($"There is no clinic {clinicId}.");
        }

        var template = await db.MessageWordings.SingleOrDefaultAsync(
            t => t.ClinicId == clinicId && t.Kind == parsedKind && t.Channel == parsedChannel && t.Language == lang,
            cancellationToken
        );
        if (template is null)
        {
            template = new MessageWording
            {
                ClinicId = clinicId,
                Kind = parsedKind!.Value,
                Channel = parsedChannel!.Value,
                Language = lang!,
                Body = input.Body!,
            };
            db.MessageWordings.Add(template);
        }

        template.Subject = parsedChannel == Channel.Email ? input.Subject!.Trim() : null;
        template.Body = input.Body!;
        template.UpdatedAt = clock.GetCurrentInstant();
        template.UpdatedBy = actor.Id;
        audit.Record(
            "message-template-saved",
            "MessageWording",
            template.Id,
            details: new
            {
                clinicId,
                kind = template.Kind.ToString(),
                channel = template.Channel.ToString(),
                language = lang,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        return View(clinicId, template, builtIn: false);
    }

    /// <summary>Drops the clinic's own wording, so the built-in one applies again; true when there was one.</summary>
    public async Task<Outcome<bool>> ResetAsync(
        Guid clinicId,
        string? kind,
        string? channel,
        string? language,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var parsedKind = Parse<MessageKind>(kind, "kind", problems);
        var parsedChannel = Parse<Channel>(channel, "channel", problems);
        var lang = Language(language);
        if (lang is null)
        {
            problems.Add("language", LanguageRule);
        }

        if (problems.Any)
        {
            return Outcome<bool>.Invalid(problems.ToDictionary());
        }

        var template = await db.MessageWordings.SingleOrDefaultAsync(
            t => t.ClinicId == clinicId && t.Kind == parsedKind && t.Channel == parsedChannel && t.Language == lang,
            cancellationToken
        );
        if (template is null)
        {
            return Outcome<bool>.NotFound(
                $"Clinic {clinicId} has no wording of its own for {kind} by {channel} in '{lang}'."
            );
        }

        db.MessageWordings.Remove(template);
        audit.Record(
            "message-template-reset",
            "MessageWording",
            template.Id,
            details: new
            {
                clinicId,
                kind = template.Kind.ToString(),
                channel = template.Channel.ToString(),
                language = lang,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private void CheckText(Channel channel, MessageWordingInput input, string? clinicName, Problems problems)
    {
        if (!problems.Require("body", input.Body))
        {
            return;
        }

        var limit = channel == Channel.Sms ? SmsBodyLimit : EmailBodyLimit;
        if (input.Body!.Length > limit)
        {
            problems.Add("body", $"At most {limit} characters for {channel}.");
        }

        CheckLiquid("body", input.Body, problems);
        if (channel == Channel.Sms)
        {
            if (!string.IsNullOrEmpty(input.Subject))
            {
                problems.Add("subject", "An SMS has no subject.");
            }

            CheckDiscreet("body", input.Body, clinicName, "An SMS", problems);
            return;
        }

        if (problems.Require("subject", input.Subject, "An email needs a subject."))
        {
            if (input.Subject!.Length > SubjectLimit || input.Subject.Contains('\n', StringComparison.Ordinal))
            {
                problems.Add("subject", $"One line of at most {SubjectLimit} characters.");
            }

            CheckLiquid("subject", input.Subject, problems);
            CheckDiscreet("subject", input.Subject, clinicName, "An email subject (lock screens show it)", problems);
        }
    }

    private static void CheckLiquid(string field, string text, Problems problems)
    {
        if (WordingRenderer.SyntaxError(text) is { } error)
        {
            problems.Add(field, $"The template does not parse: {error}");
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
            problems.Add(
                field,
                $"No message offers {string.Join(", ", unknown.Select(v => "{{ " + v + " }}"))}; the values are {string.Join(", ", Variables.Order(StringComparer.Ordinal))}."
            );
        }
    }

    /// <summary>The text as written, then as a message would carry it, with the clinic's name in it.</summary>
    private void CheckDiscreet(string field, string text, string? clinicName, string what, Problems problems)
    {
        if (content.FindForbidden(text) is { Count: > 0 } words)
        {
            problems.Add(field, $"{what} must not name a drug or a diagnosis; found: {string.Join(", ", words)}.");
        }
        else if (clinicName is not null && WithName(text, clinicName) is { Count: > 0 } rendered)
        {
            problems.Add(
                field,
                $"{what} with the clinic's name in it (\"{clinicName}\") would name a drug or a diagnosis; "
                    + $"found: {string.Join(", ", rendered)}. Give the clinic a messageName without it."
            );
        }
    }

    /// <summary>
    /// The forbidden words of a wording rendered with this name; none for a wording that does not parse
    /// (refused on its own).
    /// </summary>
    private IReadOnlyList<string> WithName(string? text, string name)
    {
        if (string.IsNullOrEmpty(text) || WordingRenderer.SyntaxError(text) is not null)
        {
            return [];
        }

        var values = new Dictionary<string, string>(StandIns, StringComparer.Ordinal) { ["clinic"] = name };
        return content.FindForbidden(renderer.Render(text, values));
    }

    private MessageWordingView View(Guid clinicId, MessageWording template, bool builtIn)
    {
        var leaks = content.FindForbidden(template.Channel == Channel.Sms ? template.Body : template.Subject);
        return new MessageWordingView(
            clinicId,
            template.Kind.ToString(),
            template.Channel.ToString(),
            template.Language,
            template.Subject,
            template.Body,
            builtIn,
            builtIn ? null : Wire.Format(template.UpdatedAt),
            builtIn ? null : template.UpdatedBy,
            leaks.Count == 0,
            leaks
        );
    }

    private static T? Parse<T>(string? text, string field, Problems problems)
        where T : struct, Enum
    {
        if (
            Enum.TryParse<T>(text, ignoreCase: true, out var value)
            && Enum.IsDefined(value)
            && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        )
        {
            return value;
        }

        problems.Add(field, $"One of {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }

    private const string LanguageRule = "A language tag such as en, es or pt-BR.";

    private static string? Language(string? language) =>
        string.IsNullOrWhiteSpace(language) ? DefaultLanguage
        : LanguagePattern().IsMatch(language) ? language
        : null;

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}

public sealed record MessageWordingInput(string? Language, string? Subject, string? Body);

/// <summary>One wording as the clinic's staff see it, with the content check's verdict on its SMS body or email subject.</summary>
public sealed record MessageWordingView(
    Guid ClinicId,
    string Kind,
    string Channel,
    string Language,
    string? Subject,
    string Body,
    bool BuiltIn,
    string? UpdatedAt,
    string? UpdatedBy,
    bool Discreet,
    IReadOnlyList<string> ForbiddenWords
);
