namespace Scheduling.Core.Commands;

/// <summary>The words and `--name value` options after a host's program name.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;

    private CommandLine(IReadOnlyList<string> words, Dictionary<string, string> options)
    {
        Words = words;
        _options = options;
    }

    public IReadOnlyList<string> Words { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var words = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[i]);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                options[args[i][2..]] = "true";
            }
        }

        return new CommandLine(words, options);
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.ContainsKey(name);
}
