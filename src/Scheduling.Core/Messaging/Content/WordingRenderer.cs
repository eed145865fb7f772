using System.Collections.Concurrent;
using Fluid;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// Liquid templates (Fluid) rendered from plain strings only: a template can insert the values it is
/// given and nothing else; it cannot reach objects, files or the network.
/// </summary>
public sealed class WordingRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    /// <summary>Null when the text is valid Liquid; the parser's message otherwise.</summary>
    public static string? SyntaxError(string text) => Parser.TryParse(text, out _, out var error) ? null : error;

    public string Render(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var template = _parsed.GetOrAdd(text, t =>
            Parser.TryParse(t, out var parsed, out var error)
                ? parsed
                : throw new InvalidOperationException($"A message template does not parse: {error}")
        );
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value);
        }

        return template.Render(context, NullEncoder.Default);
    }
}
