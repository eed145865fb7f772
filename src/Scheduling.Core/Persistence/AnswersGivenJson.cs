using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime.Text;
using Scheduling.Domain.Alerts;

namespace Scheduling.Core.Persistence;

/// <summary>
/// An alert's kept answers as the jsonb column `alerts.answers` holds them:
/// <c>[{"at":"2026-11-26T15:00:00Z","answers":{"1":"0","9":"2"}}, …]</c>, oldest post first.
/// </summary>
public static class AnswersGivenJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<AnswersGiven> posts) =>
        JsonSerializer.Serialize(
            posts.Select(p => new Post(InstantPattern.ExtendedIso.Format(p.At), p.Answers)),
            Options
        );

    public static IReadOnlyList<AnswersGiven> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<Post>>(json, Options) ?? [])
            .Select(p => new AnswersGiven(InstantPattern.ExtendedIso.Parse(p.At).Value, p.Answers))
            .ToList();

    internal static ValueConverter<IReadOnlyList<AnswersGiven>, string> Converter { get; } =
        new(posts => Serialize(posts), json => Deserialize(json));

    internal static ValueComparer<IReadOnlyList<AnswersGiven>> Comparer { get; } =
        new(
            (a, b) => Serialize(a!) == Serialize(b!),
            posts => Serialize(posts).GetHashCode(StringComparison.Ordinal),
            posts => Deserialize(Serialize(posts))
        );

    private sealed record Post(string At, IReadOnlyDictionary<string, string> Answers);
}
