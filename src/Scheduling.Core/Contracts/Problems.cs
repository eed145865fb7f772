namespace Scheduling.Core.Contracts;

/// <summary>
/// Collects validation messages per field, keyed as a client names them (camelCase, `items[2].open`).
/// </summary>
public sealed class Problems
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds a message when a required value is missing; returns whether it was present.</summary>
    public bool Require<T>(string field, T? value, string? message = null)
    {
        var present = value is not null && (value is not string text || !string.IsNullOrWhiteSpace(text));
        if (!present)
        {
            Add(field, message ?? $"{field} is required.");
        }

        return present;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
}
