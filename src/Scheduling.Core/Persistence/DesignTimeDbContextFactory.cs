using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Scheduling.Core.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without a running host or database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SchedulingDbContext>
{
    public SchedulingDbContext CreateDbContext(string[] args)
    {
        var dataSource = new NpgsqlDataSourceBuilder("Host=localhost;Database=scheduling_design").UseNodaTime().Build();
        var options = new DbContextOptionsBuilder<SchedulingDbContext>();
        options.UseScheduling(dataSource);
        return new SchedulingDbContext(options.Options, Identity.ClinicScope.Everything);
    }
}
