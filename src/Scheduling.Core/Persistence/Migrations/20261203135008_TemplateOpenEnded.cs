using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TemplateOpenEnded : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "open_ended",
                schema: "scheduling",
                table: "templates",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "open_ended",
                schema: "scheduling",
                table: "templates");
        }
    }
}
