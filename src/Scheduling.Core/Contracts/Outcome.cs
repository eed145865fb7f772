namespace Scheduling.Core.Contracts;

/// <summary>
/// What a use case says back for expected outcomes (docs/style.md, example 12): done, refused with reasons
/// per field, not found, or in conflict with what is already there. Exceptions stay for bugs.
/// </summary>
public sealed record Outcome<T>
{
    private Outcome(OutcomeKind kind, T? value, IReadOnlyDictionary<string, string[]>? errors, string? detail)
    {
        Kind = kind;
        Value = value;
        Errors = errors ?? new Dictionary<string, string[]>();
        Detail = detail;
    }

    public OutcomeKind Kind { get; }
    public T? Value { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public string? Detail { get; }

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, null, null);

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(OutcomeKind.Invalid, default, errors, null);

    public static Outcome<T> Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> NotFound(string detail) => new(OutcomeKind.NotFound, default, null, detail);

    public static Outcome<T> Conflict(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(OutcomeKind.Conflict, default, errors, detail);

    public static implicit operator Outcome<T>(T value) => Ok(value);
}

public enum OutcomeKind
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}
