using System.Globalization;
using System.Text.RegularExpressions;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Web.Api.Contracts.Messaging;

/// <summary>
/// The HTTP form of message wordings (/api/clinics/{clinicId}/message-templates, and the settings page that
/// calls the same): the route's and body's strings parsed into <see cref="WordingBook"/>'s typed commands, and
/// the error field names (kind, channel, language, subject, body) decided here.
/// </summary>
public static partial class MessageWordingWire
{
    private const string LanguageRule = "A language tag such as en, es or pt-BR.";

    public static async Task<Outcome<IReadOnlyList<MessageWordingResponse>>> ListAsync(
        WordingBook book,
        Guid clinicId,
        string? language,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        if (Language(language) is not { } lang)
        {
            return Outcome<IReadOnlyList<MessageWordingResponse>>.Invalid("language", LanguageRule);
        }

        var listed = await book.ListAsync(clinicId, lang, cancellationToken);
        return listed.Value is { } entries
            ? entries.Select(Response).ToList()
            : Outcome<IReadOnlyList<MessageWordingResponse>>.NotFound(listed.Detail!);
    }

    public static async Task<Outcome<MessageWordingResponse>> SaveAsync(
        WordingBook book,
        Guid clinicId,
        string? kind,
        string? channel,
        MessageWordingRequest? request,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        var problems = new Problems();
        var parsedKind = Parse<MessageKind>(kind, "kind", problems);
        var parsedChannel = Parse<Channel>(channel, "channel", problems);
        if (request is null)
        {
            return Outcome<MessageWordingResponse>.Invalid("body", "A template is required.");
        }

        var lang = Language(request.Language);
        if (lang is null)
        {
            problems.Add("language", LanguageRule);
        }

        if (problems.Any || parsedKind is null || parsedChannel is null || lang is null)
        {
            // Everything wrong at once: the text is checked too wherever the channel is known.
            if (parsedChannel is { } known)
            {
                var found = await book.CheckAsync(clinicId, known, request.Subject, request.Body, cancellationToken);
                Add(found, problems);
            }

            return Outcome<MessageWordingResponse>.Invalid(problems.ToDictionary());
        }

        var command = new SaveWording(
            clinicId,
            parsedKind.Value,
            parsedChannel.Value,
            lang,
            request.Subject,
            request.Body
        );
        switch (await book.SaveAsync(command, cancellationToken))
        {
            case WordingSave.Saved saved:
                return Response(saved.Entry);
            case WordingSave.Refused refused:
                Add(refused.Problems, problems);
                return Outcome<MessageWordingResponse>.Invalid(problems.ToDictionary());
            default:
                return Outcome<MessageWordingResponse>.NotFound($"There is no clinic {clinicId}.");
        }
    }

    public static async Task<Outcome<bool>> ResetAsync(
        WordingBook book,
        Guid clinicId,
        string? kind,
        string? channel,
        string? language,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(book);
        var problems = new Problems();
        var parsedKind = Parse<MessageKind>(kind, "kind", problems);
        var parsedChannel = Parse<Channel>(channel, "channel", problems);
        var lang = Language(language);
        if (lang is null)
        {
            problems.Add("language", LanguageRule);
        }

        return problems.Any || parsedKind is null || parsedChannel is null || lang is null
            ? Outcome<bool>.Invalid(problems.ToDictionary())
            : await book.ResetAsync(clinicId, parsedKind.Value, parsedChannel.Value, lang, cancellationToken);
    }

    /// <summary>A wording part's field in the request body.</summary>
    public static string Field(WordingPart part) => part == WordingPart.Subject ? "subject" : "body";

    private static void Add(IReadOnlyList<WordingProblem> found, Problems problems)
    {
        foreach (var problem in found)
        {
            problems.Add(Field(problem.Part), problem.Message);
        }
    }

    private static MessageWordingResponse Response(WordingEntry entry)
    {
        var (wording, builtIn) = (entry.Wording, entry.Source == WordingSource.BuiltIn);
        return new MessageWordingResponse(
            entry.ClinicId,
            wording.Kind.ToString(),
            wording.Channel.ToString(),
            wording.Language,
            wording.Subject,
            wording.Body,
            builtIn,
            builtIn ? null : Wire.Format(wording.UpdatedAt),
            builtIn ? null : wording.UpdatedBy,
            entry.ForbiddenWords.Count == 0,
            entry.ForbiddenWords
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

    private static string? Language(string? language) =>
        string.IsNullOrWhiteSpace(language) ? WordingChoice.DefaultLanguage
        : LanguagePattern().IsMatch(language) ? language
        : null;

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
