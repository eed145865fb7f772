using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OnCallPosition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "position",
                schema: "scheduling",
                table: "on_call_contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Contacts so far are in the order they were added: their ids are time-ordered.
            migrationBuilder.Sql("""
                UPDATE scheduling.on_call_contacts c SET position = o.position
                FROM (SELECT id, row_number() OVER (PARTITION BY clinic_id ORDER BY id) AS position
                      FROM scheduling.on_call_contacts) o
                WHERE c.id = o.id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "position",
                schema: "scheduling",
                table: "on_call_contacts");
        }
    }
}
