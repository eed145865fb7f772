using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SparseMessageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_alert_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_on_call_contact_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_survey_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_alert_id",
                schema: "scheduling",
                table: "messages",
                column: "alert_id",
                filter: "alert_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_on_call_contact_id",
                schema: "scheduling",
                table: "messages",
                column: "on_call_contact_id",
                filter: "on_call_contact_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_survey_id",
                schema: "scheduling",
                table: "messages",
                column: "survey_id",
                filter: "survey_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_alert_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_on_call_contact_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_survey_id",
                schema: "scheduling",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_alert_id",
                schema: "scheduling",
                table: "messages",
                column: "alert_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_on_call_contact_id",
                schema: "scheduling",
                table: "messages",
                column: "on_call_contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_survey_id",
                schema: "scheduling",
                table: "messages",
                column: "survey_id");
        }
    }
}
