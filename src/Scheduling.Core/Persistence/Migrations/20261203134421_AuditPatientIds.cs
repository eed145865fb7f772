using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditPatientIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid[]>(
                name: "patient_ids",
                schema: "scheduling",
                table: "audit_events",
                type: "uuid[]",
                nullable: false,
                defaultValue: new Guid[0]);

            // Rows written before the column: a single-patient record names its patient_id; the list reads
            // (the Today, week, alerts and worklist pages, the work-item list, the patient search) named the
            // patients they showed only in details, as "patients" or "results".
            migrationBuilder.Sql("""
                UPDATE scheduling.audit_events SET patient_ids = ARRAY[patient_id] WHERE patient_id IS NOT NULL;
                UPDATE scheduling.audit_events e
                SET patient_ids = e.patient_ids || ARRAY(
                    SELECT DISTINCT v.id::uuid
                    FROM jsonb_array_elements_text(
                        CASE WHEN jsonb_typeof(e.details -> 'patients') = 'array' THEN e.details -> 'patients' ELSE '[]' END
                        || CASE WHEN jsonb_typeof(e.details -> 'results') = 'array' THEN e.details -> 'results' ELSE '[]' END)
                        AS v(id)
                    WHERE v.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                      AND NOT v.id::uuid = ANY (e.patient_ids))
                WHERE jsonb_typeof(e.details) = 'object'
                  AND (jsonb_typeof(e.details -> 'patients') = 'array' OR jsonb_typeof(e.details -> 'results') = 'array');
                """);

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_patient_ids",
                schema: "scheduling",
                table: "audit_events",
                column: "patient_ids")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_events_patient_ids",
                schema: "scheduling",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "patient_ids",
                schema: "scheduling",
                table: "audit_events");
        }
    }
}
