using Npgsql;
using Scheduling.Core.Persistence;

namespace Scheduling.IntegrationTests.Fuzz;

/// <summary>The ids that exist after seeding, by table, so that path ids and body ids hit real rows.</summary>
public sealed class SeedData
{
    /// <summary>A field or path segment's name → the table its ids come from.</summary>
    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["clinic"] = "clinics",
        ["clinics"] = "clinics",
        ["patient"] = "patients",
        ["patients"] = "patients",
        ["series"] = "series",
        ["appointment"] = "appointments",
        ["appointments"] = "appointments",
        ["sessions"] = "appointments",
        ["alert"] = "alerts",
        ["alerts"] = "alerts",
        ["survey"] = "surveys",
        ["surveys"] = "surveys",
        ["work-items"] = "work_items",
        ["item"] = "work_items",
        ["messages"] = "messages",
        ["message"] = "messages",
        ["templates"] = "templates",
        ["template"] = "templates",
        ["chair"] = "chairs",
        ["chairs"] = "chairs",
        ["contact"] = "on_call_contacts",
        ["on-call"] = "on_call_contacts",
    };

    private readonly Dictionary<string, List<Guid>> _ids;

    private SeedData(Dictionary<string, List<Guid>> ids) => _ids = ids;

    public IReadOnlyCollection<string> Phones { get; private init; } = [];

    public static async Task<SeedData> ReadAsync(string connectionString)
    {
        var ids = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in Tables.Values.Distinct())
        {
            await using var command = new NpgsqlCommand(
                $"SELECT id FROM {SchedulingDbContext.Schema}.{table} LIMIT 50",
                connection
            );
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<Guid>();
            while (await reader.ReadAsync())
            {
                list.Add(reader.GetGuid(0));
            }

            ids[table] = list;
        }

        var phones = new List<string>();
        await using (
            var command = new NpgsqlCommand($"SELECT phone FROM {SchedulingDbContext.Schema}.patients", connection)
        )
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                phones.Add(reader.GetString(0));
            }
        }

        return new SeedData(ids) { Phones = phones };
    }

    public int Count(string table) => _ids.TryGetValue(table, out var list) ? list.Count : 0;

    /// <summary>
    /// An existing id of what the name says (a path segment such as "clinics", a field such as "clinic"), or of any.
    /// </summary>
    public Guid Id(string name, Random random)
    {
        var pool =
            Tables.TryGetValue(name, out var table) && _ids[table].Count > 0
                ? _ids[table]
                : _ids.Values.SelectMany(v => v).ToList();
        return pool.Count == 0 ? Guid.NewGuid() : pool[random.Next(pool.Count)];
    }
}
