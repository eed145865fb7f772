using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry a host writes, at every level: the formatted message, every
/// structured value of its state, every scope it was written in (text and values), and the exception
/// with its inner exceptions and stack. Plugged into a host with <see cref="AddTo"/>.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Adds the provider, at Trace for every category whatever the host's configuration says.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(this);
        logging.AddFilter<LogCapture>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var text = new StringBuilder();
            text.Append(
                CultureInfo.InvariantCulture,
                $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}"
            );
            AppendValues(text, "state", state);
            capture._scopes.ForEachScope((scope, builder) => AppendValues(builder, "scope", scope), text);
            if (exception is not null)
            {
                text.Append(" | exception: ").Append(exception);
            }

            capture._entries.Enqueue(new CapturedLog(logLevel, category, text.ToString()));
        }

        private static void AppendValues(StringBuilder text, string kind, object? values)
        {
            if (values is null)
            {
                return;
            }

            text.Append(" | ").Append(kind).Append(": ").Append(values);
            if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    text.Append(' ').Append(key).Append('=').Append(Flatten(value));
                }
            }
        }

        private static string? Flatten(object? value) =>
            value switch
            {
                null => "null",
                string s => s,
                IEnumerable items => string.Join(",", items.Cast<object?>().Select(Flatten)),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
    }
}

/// <summary>One entry as written: its level, category, and everything it carried as one line of text.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Text);
