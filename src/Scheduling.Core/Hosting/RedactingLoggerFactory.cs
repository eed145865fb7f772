using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Scheduling.Core.Hosting;

/// <summary>
/// The hosts' logger factory: the framework's own, except that what ASP.NET Core and HttpClient log about a
/// request (its URL, path and query string, in the message, in the structured values and in the request's
/// scope) has query strings and link tokens masked before any provider sees it, at every level. A search
/// (<c>/patients?q=…</c>) carries names, numbers and emails in its query string, and a survey or patient
/// link (<c>/s/{token}</c>) is the key to a patient's form; the framework logs both as they come, at
/// Information and below (docs/domain.md, "Security and privacy": logs carry ids only). Levels and filters
/// decide nothing here: a provider that asks for Trace gets the masked entries too.
/// </summary>
public sealed partial class RedactingLoggerFactory(
    IEnumerable<ILoggerProvider> providers,
    IOptionsMonitor<LoggerFilterOptions> filterOption,
    IOptions<LoggerFactoryOptions>? options = null,
    IExternalScopeProvider? scopeProvider = null
) : ILoggerFactory
{
    private static readonly string[] RequestCategories = ["Microsoft.AspNetCore.", "System.Net.Http."];

    private readonly LoggerFactory _inner = new(providers, filterOption, options, scopeProvider);

    public ILogger CreateLogger(string categoryName)
    {
        var logger = _inner.CreateLogger(categoryName);
        return RequestCategories.Any(c => categoryName.StartsWith(c, StringComparison.Ordinal))
            ? new RedactingLogger(logger)
            : logger;
    }

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose() => _inner.Dispose();

    /// <summary>The text with query strings after a path or URL, and the tokens of /s/ and /p/ links, masked.</summary>
    public static string Redact(string text) => Token().Replace(Query().Replace(text, "?[redacted]"), "[token]");

    /// <summary>
    /// A value masked by what it is: a query string whole; the string arguments of a page handler or an
    /// action (a link token, whatever the route or query bound) whole; any other text as <see cref="Redact(string)"/>.
    /// </summary>
    private static object? Redact(string key, object? value) =>
        value switch
        {
            null => null,
            string s when key == "Arguments" => s.Length > 0 ? "[redacted]" : s,
            string s => key == "QueryString" && s.Length > 0 ? "?[redacted]" : Redact(s),
            IFormattable or bool => value,
            IEnumerable items => items.Cast<object?>().Select(item => Redact(key, item)).ToArray(),
            _ => key == "QueryString" && value.ToString() is { Length: > 0 }
                ? "?[redacted]"
                : Redact(value.ToString() ?? ""),
        };

    [GeneratedRegex(@"(?<=[\w/])\?[^\s""'<>]+")]
    private static partial Regex Query();

    [GeneratedRegex(@"(?<=/[sp]/)[A-Za-z0-9_-]{16,}")]
    private static partial Regex Token();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(Masked.Of(state));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (inner.IsEnabled(logLevel))
            {
                var masked = Masked.Of(state);
                masked.Text = masked.Format() ?? Redact(formatter(state, exception));
                inner.Log(logLevel, eventId, masked, exception, static (s, _) => s.ToString());
            }
        }
    }

    /// <summary>A log state or scope with its values masked, worked out only when a provider reads them.</summary>
    private sealed partial class Masked(object? state) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private List<KeyValuePair<string, object?>>? _values;

        /// <summary>The masked message; by default the state's own text, masked.</summary>
        public string? Text { get; set; }

        public int Count => Values.Count;

        private List<KeyValuePair<string, object?>> Values =>
            _values ??= state is IEnumerable<KeyValuePair<string, object?>> pairs
                ?
                [
                    .. pairs.Select(p => new KeyValuePair<string, object?>(
                        p.Key,
                        p.Key == "{OriginalFormat}" ? p.Value : Redact(p.Key, p.Value)
                    )),
                ]
                : [];

        public KeyValuePair<string, object?> this[int index] => Values[index];

        public static Masked Of<TState>(TState state) => new(state);

        /// <summary>The message template filled with the masked values, or null when the state has none.</summary>
        public string? Format()
        {
            if (Values.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value is not string template)
            {
                return null;
            }

            var values = Values.ToDictionary(p => p.Key, p => p.Value);
            return Redact(
                Placeholder()
                    .Replace(template, match =>
                        values.TryGetValue(match.Groups["name"].Value, out var value) ? Show(value) : match.Value
                    )
            );
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Text ??= Redact(state?.ToString() ?? "");

        private static string Show(object? value) =>
            value switch
            {
                null => "(null)",
                string s => s,
                IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Show)),
                IFormattable formattable => formattable.ToString(
                    null,
                    System.Globalization.CultureInfo.InvariantCulture
                ),
                _ => value.ToString() ?? "",
            };

        [GeneratedRegex(@"\{(?<name>[^{}:,]+)(?:[,:][^{}]*)?\}")]
        private static partial Regex Placeholder();
    }
}
