using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Audit;

/// <summary>
/// The migration that adds <c>patient_ids</c> fills it for the rows already written: from a single-patient
/// row's <c>patient_id</c>, and from the patient lists older list reads kept in their JSON details.
/// </summary>
public sealed class AuditPatientIdsMigrationTests
{
    private const string Before = "20261203103529_AlertAnswers";
    private const string Adding = "20261203134421_AuditPatientIds";

    [Fact]
    public async Task OlderRows_GetTheirPatientIds_FromPatientIdAndFromTheListsInDetails()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var services = database.CoreServices();
        await using var scope = services.CreateAsyncScope();
        var migrator = scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .GetInfrastructure()
            .GetRequiredService<IMigrator>();
        await migrator.MigrateAsync(Before);
        var (one, two, three) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(
            database,
            $$"""
            INSERT INTO scheduling.audit_events (at, actor, action, entity_type, entity_id, patient_id, details) VALUES
              (now(), 'u', 'viewed', 'Patient', '{{one}}', '{{one}}', NULL),
              (now(), 'u', 'viewed', 'Today', 'c', NULL, '{"date": "2026-11-30", "patients": ["{{one}}", "{{two}}"]}'),
              (now(), 'u', 'searched', 'Patient', 'x', NULL, '{"results": ["{{three}}", "{{two}}", "{{three}}"]}'),
              (now(), 'u', 'viewed', 'WorkItems', 'x', NULL, '{"list": "booster", "patients": ["not-an-id", 7]}'),
              (now(), 'u', 'created', 'Clinic', 'c', NULL, NULL);
            """
        );

        await migrator.MigrateAsync(Adding);

        var rows = await ReadAsync(database);
        Assert.Equal(
            [
                [one],
                Sorted(one, two),
                Sorted(three, two),
                [],
                [],
            ],
            rows
        );
    }

    private static List<Guid> Sorted(params Guid[] ids) => [.. ids.Order()];

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<List<Guid>>> ReadAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT patient_ids FROM scheduling.audit_events ORDER BY id",
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<List<Guid>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Sorted(reader.GetFieldValue<Guid[]>(0)));
        }

        return rows;
    }
}
