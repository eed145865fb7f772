using System.Runtime.CompilerServices;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scheduling.Core.Hosting;
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

    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

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
