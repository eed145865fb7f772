using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <summary>
    /// The dispatchers' heartbeats (Messaging/Dispatch/DispatcherHeartbeat.cs). Written and read only with
    /// SQL on the database's clock, so the table is not part of the EF model.
    /// </summary>
    public partial class DispatcherHeartbeats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE scheduling.dispatchers (
                    worker text PRIMARY KEY,
                    started_at timestamptz NOT NULL,
                    heartbeat_at timestamptz NOT NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE scheduling.dispatchers");
        }
    }
}
