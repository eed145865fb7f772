using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Scheduling.Core.Persistence;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Scheduling";

    public static string SchedulingConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                "ConnectionStrings__Scheduling is not set: point it at the PostgreSQL database (ops/run-local.sh sets it for local runs).");

    public static IServiceCollection AddSchedulingDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(Bounded(configuration.SchedulingConnectionString())).UseNodaTime().Build());
        services.AddDbContext<SchedulingDbContext>((provider, options) =>
            options.UseScheduling(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<SchemaStatus>();
        services.AddScoped<Migrator>();
        return services;
    }

    /// <summary>
    /// Npgsql's default pool of 100 connections per process would let a web host and a few workers
    /// exhaust PostgreSQL's own default of 100 clients; unless the connection string says otherwise,
    /// each process keeps to a share of it.
    /// </summary>
    private static string Bounded(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    public const int DefaultMaxPoolSize = 30;

    internal static DbContextOptionsBuilder UseScheduling(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql
                .UseNodaTime()
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)
                .MigrationsHistoryTable(SchedulingDbContext.MigrationsHistoryTable, SchedulingDbContext.Schema))
            .UseSnakeCaseNamingConvention();
}
