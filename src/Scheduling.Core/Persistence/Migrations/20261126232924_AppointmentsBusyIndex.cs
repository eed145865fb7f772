using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AppointmentsBusyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_appointments_busy",
                schema: "scheduling",
                table: "appointments",
                columns: new[] { "clinic_id", "start_instant" },
                filter: "status <> 'Cancelled'")
                .Annotation("Npgsql:IndexInclude", new[] { "end_instant", "chair_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_appointments_busy",
                schema: "scheduling",
                table: "appointments");
        }
    }
}
