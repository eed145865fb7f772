using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Scheduling.Core.Identity;

namespace Scheduling.Core.Persistence;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Scheduling";

    public static string SchedulingConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                "ConnectionStrings__Scheduling is not set: "
                    + "point it at the PostgreSQL database (ops/run-local.sh sets it for local runs)."
            );

    public static IServiceCollection AddSchedulingDatabase(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services.AddSingleton(_ =>
            new NpgsqlDataSourceBuilder(Bounded(configuration.SchedulingConnectionString())).UseNodaTime().Build()
        );
        services.TryAddScoped(_ => ClinicScope.Everything);
        services.AddDbContext<SchedulingDbContext>(
            (provider, options) => options.UseScheduling(provider.GetRequiredService<NpgsqlDataSource>())
        );
        services.AddScoped<SchemaStatus>();
        services.AddScoped<Migrator>();
        return services;
    }

    /// <summary>
    /// Two defaults, each kept only where the connection string says nothing of its own. Npgsql's pool of
    /// 100 connections per process would let a web host and a few workers exhaust PostgreSQL's own default
    /// of 100 clients, so each process keeps to a share of it. And the statements that run for every
    /// message and every booking are prepared once per connection (Npgsql's automatic preparation), since
    /// planning them again each time costs more than running them.
    /// </summary>
    private static string Bounded(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(connectionString, "Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Says(connectionString, "Auto Prepare", "AutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    private static bool Says(string connectionString, params string[] keys) =>
        keys.Any(key => connectionString.Contains(key, StringComparison.OrdinalIgnoreCase));

    public const int DefaultMaxPoolSize = 30;

    public const int DefaultMaxAutoPrepare = 64;

    internal static DbContextOptionsBuilder UseScheduling(
        this DbContextOptionsBuilder options,
        NpgsqlDataSource dataSource
    ) =>
        options
            .UseNpgsql(dataSource, npgsql =>
                npgsql
                    .UseNodaTime()
                    .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)
                    .MigrationsHistoryTable(SchedulingDbContext.MigrationsHistoryTable, SchedulingDbContext.Schema)
            )
            .UseSnakeCaseNamingConvention()
            .ReplaceService<IModelCacheKeyFactory, ClinicScopeModelCacheKey>();
}
