using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RemsRecordsAndRelapseWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "offers_pcl5",
                schema: "scheduling",
                table: "templates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "relapse_watch_months",
                schema: "scheduling",
                table: "templates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "relapse_watch_months",
                schema: "scheduling",
                table: "series",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "with_pcl5",
                schema: "scheduling",
                table: "series",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "rems_form_recorded_by",
                schema: "scheduling",
                table: "appointments",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rems_form_reference",
                schema: "scheduling",
                table: "appointments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "clinic_template_options",
                schema: "scheduling",
                columns: table => new
                {
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pcl5 = table.Column<bool>(type: "boolean", nullable: false),
                    changed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinic_template_options", x => new { x.clinic_id, x.template_code });
                    table.ForeignKey(
                        name: "fk_clinic_template_options_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rems_enrollments",
                schema: "scheduling",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enrolled_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    recorded_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rems_enrollments", x => x.patient_id);
                    table.ForeignKey(
                        name: "fk_rems_enrollments_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clinic_template_options",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "rems_enrollments",
                schema: "scheduling");

            migrationBuilder.DropColumn(
                name: "offers_pcl5",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.DropColumn(
                name: "relapse_watch_months",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.DropColumn(
                name: "relapse_watch_months",
                schema: "scheduling",
                table: "series");

            migrationBuilder.DropColumn(
                name: "with_pcl5",
                schema: "scheduling",
                table: "series");

            migrationBuilder.DropColumn(
                name: "rems_form_recorded_by",
                schema: "scheduling",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "rems_form_reference",
                schema: "scheduling",
                table: "appointments");
        }
    }
}
