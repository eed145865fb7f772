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
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(configuration.SchedulingConnectionString()).UseNodaTime().Build());
        services.AddDbContext<SchedulingDbContext>((provider, options) =>
            options.UseScheduling(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<SchemaStatus>();
        services.AddScoped<Migrator>();
        return services;
    }

    internal static DbContextOptionsBuilder UseScheduling(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql
                .UseNodaTime()
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)
                .MigrationsHistoryTable(SchedulingDbContext.MigrationsHistoryTable, SchedulingDbContext.Schema))
            .UseSnakeCaseNamingConvention();
}
