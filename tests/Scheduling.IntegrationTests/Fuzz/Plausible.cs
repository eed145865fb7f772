using System.Text.Json.Nodes;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>
/// What a field's name says it holds (docs/api-contract.md), so that a generated body is one the host would take.
/// </summary>
public static class Plausible
{
    public static string AnyType(Random random) => Pick(random, "string", "integer", "boolean", "object", "array");

    public static int ArrayLength(string name, Random random) =>
        name switch
        {
            "openingHours" => 5,
            "onCall" => 1,
            _ => random.Next(0, 3),
        };

    public static JsonNode? Value(string name, string type, Random random, SeedData seed) =>
        type switch
        {
            "integer" => JsonValue.Create(name == "chairs" ? random.Next(1, 4) : random.Next(1, 7)),
            "number" => JsonValue.Create(random.Next(1, 7)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            _ => JsonValue.Create(Text(name, random, seed)),
        };

    /// <summary>A string for a field or parameter of this name: an existing id, a date, a zone, a duration.</summary>
    public static string Text(string name, Random random, SeedData seed)
    {
        var key = name.ToLowerInvariant();
        if (key.EndsWith("id", StringComparison.Ordinal) && key.Length > 2)
        {
            return seed.Id(key[..^2], random).ToString();
        }

        return key switch
        {
            "id" => seed.Id("", random).ToString(),
            "timezone" => "America/New_York",
            "templatecode" => Pick(random, "ketamine-iv-induction", "ketamine-booster", "esketamine-induction"),
            "code" => $"fuzz-{random.Next(100_000)}",
            "date" or "closeddates" or "from" => $"2026-12-{random.Next(1, 29):D2}",
            "to" => "2027-01-10",
            "dateofbirth" => "1984-03-10",
            "firstsessionstart" or "sessionstarts" => $"2026-12-{random.Next(1, 29):D2}T{random.Next(8, 16):D2}:00",
            "start" or "end" or "open" or "close" => random.Next(3) == 0
                ? "2026-12-14T10:00"
                : $"{random.Next(7, 20):D2}:00",
            "sessionduration" or "before" or "after" => Pick(random, "PT4H", "PT24H", "P1D", "PT40M", "P7D"),
            "email" => $"fuzz{random.Next(1000)}@example.com",
            "phone" => $"(202) 555-{random.Next(100, 200):D4}",
            "day" => Pick(random, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            "channel" => Pick(random, "Sms", "Email"),
            "kind" => Pick(random, "Phq9", "Gad7", "PostSessionCheck", "Reminder", "SessionReminder"),
            "sessions" => "each",
            "status" or "state" => Pick(random, "Arrived", "NoShow", "Completed", "open", "done"),
            "list" => Pick(random, "messages", "rides", "rems", "callbacks", "booster", "unanswered"),
            "language" => "en",
            "token" => Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            "password" => "correct-horse-battery",
            _ => Pick(random, "Harbor", "Rivera", "Called back", "fuzz text", "Chair 3"),
        };
    }

    public static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
