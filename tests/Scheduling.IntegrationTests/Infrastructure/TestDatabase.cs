using System.Runtime.CompilerServices;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Respawn;
using Respawn.Graph;
using Scheduling.Core.Hosting;
using Scheduling.Core.Jobs;
using Scheduling.Core.Persistence;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own on the real PostgreSQL server that ops/test.sh starts, created for one fixture
/// and dropped after it. No database means a failed test, never a skipped one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string ServerVariable = "ConnectionStrings__Scheduling";

    /// <summary>
    /// Hangfire's installer takes a static logger from the global log provider on first use; in a test
    /// process that provider may belong to a host already disposed, so it is taken now, before any host.
    /// </summary>
    static TestDatabase() => RuntimeHelpers.RunClassConstructor(typeof(PostgreSqlObjectsInstaller).TypeHandle);

    /// <summary>Where <see cref="ResetAsync"/> keeps the rows the database started with; never reset itself.</summary>
    private const string SeedSchema = "test_seed";

    private Respawner? _respawner;
    private List<string> _seeded = [];

    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    /// <summary>
    /// Puts the database back as the fixture left it, before its first test: every row a test added, changed or
    /// removed is undone (Respawn deletes the rows of every table in foreign-key order), then the rows that were there
    /// at the first call are copied back: migrate's reference data (roles, built-in templates) and the fixture's
    /// users. Hangfire's schema and the migrations history are left alone. The first call only records that state.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        if (_respawner is null)
        {
            _respawner = await Respawner.CreateAsync(
                connection,
                new RespawnerOptions
                {
                    DbAdapter = DbAdapter.Postgres,
                    SchemasToExclude = [HangfireSetup.Schema, SeedSchema],
                    TablesToIgnore = [new Table("__EFMigrationsHistory")],
                }
            );
            _seeded = await SnapshotAsync(connection);
            return;
        }

        await _respawner.ResetAsync(connection);
        if (_seeded.Count == 0)
        {
            return;
        }

        // The copies go back in any order: foreign keys are not checked while they do (the cluster is the tests' own).
        var restore = string.Join(
            ";\n",
            _seeded.Select(table => $"INSERT INTO {table} SELECT * FROM {SeedSchema}.{SeedName(table)}")
        );
        await using var command = new NpgsqlCommand(
            $"SET session_replication_role = replica;\n{restore};\nSET session_replication_role = DEFAULT",
            connection
        );
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Copies every table that has rows now into the seed schema; returns their quoted names.</summary>
    private static async Task<List<string>> SnapshotAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using (
            var list = new NpgsqlCommand(
                $"""
                SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory'
                    AND table_schema NOT IN ('pg_catalog', 'information_schema', '{HangfireSetup.Schema}')
                ORDER BY 1
                """,
                connection
            )
        )
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var seeded = new List<string>();
        await using (var schema = new NpgsqlCommand($"CREATE SCHEMA {SeedSchema}", connection))
        {
            await schema.ExecuteNonQueryAsync();
        }

        foreach (var table in tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", connection);
            if (await any.ExecuteScalarAsync() is not true)
            {
                continue;
            }

            var copy = $"CREATE TABLE {SeedSchema}.{SeedName(table)} AS SELECT * FROM {table}";
            await using var create = new NpgsqlCommand(copy, connection);
            await create.ExecuteNonQueryAsync();
            seeded.Add(table);
        }

        return seeded;
    }

    private static string SeedName(string table) =>
        $"\"{table.Replace("\"", "", StringComparison.Ordinal).Replace('.', '_')}\"";

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString());
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString)
        {
            Database = $"test_{Guid.NewGuid():N}",
        };
        await using (var admin = await OpenAdminAsync(server))
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var created = new TestDatabase(database.ConnectionString);
        if (migrate)
        {
            await created.MigrateAsync();
        }

        return created;
    }

    public async Task MigrateAsync()
    {
        await using var services = CoreServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
    }

    /// <summary>The same composition the hosts use, for tests that call use cases directly.</summary>
    public ServiceProvider CoreServices(Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?> { ["ConnectionStrings:Scheduling"] = ConnectionString }
            )
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSchedulingCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync(new NpgsqlConnectionStringBuilder(ServerConnectionString()));
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "The integration tests need a PostgreSQL server: "
                    + $"run ops/test.sh, which starts one, or set {ServerVariable}."
            );

    private static async Task<NpgsqlConnection> OpenAdminAsync(NpgsqlConnectionStringBuilder server)
    {
        var admin = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(server.ConnectionString)
            {
                Database = "postgres",
                Pooling = false,
            }.ConnectionString
        );
        await admin.OpenAsync();
        return admin;
    }
}
