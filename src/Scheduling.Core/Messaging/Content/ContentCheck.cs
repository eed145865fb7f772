using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// The check every SMS template, email subject and rendered message passes: no word of the forbidden
/// list, matched whole and case-insensitively (so "Dr. Anxietyless" passes but "anxiety" does not).
/// </summary>
public sealed class ContentCheck
{
    private readonly Regex _forbidden;

    public ContentCheck(IOptions<ContentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var words = options
            .Value.ForbiddenWords.Where(w => !string.IsNullOrWhiteSpace(w))
            .Select(w => Regex.Escape(w.Trim()));
        _forbidden = new Regex(
            $@"(?<![\p{{L}}\p{{N}}])({string.Join('|', words)})(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)
        );
    }

    /// <summary>The forbidden words found, each once, in the case they were written.</summary>
    public IReadOnlyList<string> FindForbidden(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : _forbidden.Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public bool IsDiscreet(string? text) => FindForbidden(text).Count == 0;

    /// <summary>
    /// The forbidden words in the text a lock screen shows (<see cref="LockScreen"/>); the rest is not checked.
    /// </summary>
    public IReadOnlyList<string> FindOnLockScreen(Channel channel, string? subject, string? body) =>
        FindForbidden(LockScreen.Text(channel, subject, body));
}
