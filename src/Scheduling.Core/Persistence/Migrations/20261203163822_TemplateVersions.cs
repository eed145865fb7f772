using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TemplateVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_templates_clinic_id_code",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.AddColumn<int>(
                name: "version",
                schema: "scheduling",
                table: "templates",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateIndex(
                name: "ix_templates_clinic_id_code_version",
                schema: "scheduling",
                table: "templates",
                columns: new[] { "clinic_id", "code", "version" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_templates_version",
                schema: "scheduling",
                table: "templates",
                sql: "version >= 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_templates_clinic_id_code_version",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.DropCheckConstraint(
                name: "ck_templates_version",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.CreateIndex(
                name: "ix_templates_clinic_id_code",
                schema: "scheduling",
                table: "templates",
                columns: new[] { "clinic_id", "code" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }
    }
}
