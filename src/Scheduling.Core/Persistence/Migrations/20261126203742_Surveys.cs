using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_surveys_token_hash",
                schema: "scheduling",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "token_hash",
                schema: "scheduling",
                table: "surveys");

            migrationBuilder.CreateTable(
                name: "survey_links",
                schema: "scheduling",
                columns: table => new
                {
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_links", x => x.token_hash);
                    table.ForeignKey(
                        name: "fk_survey_links_surveys_survey_id",
                        column: x => x.survey_id,
                        principalSchema: "scheduling",
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_state_expires_at",
                schema: "scheduling",
                table: "surveys",
                columns: new[] { "state", "expires_at" },
                filter: "state IN ('Planned', 'Sent')");

            migrationBuilder.CreateIndex(
                name: "ix_survey_links_survey_id",
                schema: "scheduling",
                table: "survey_links",
                column: "survey_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_links",
                schema: "scheduling");

            migrationBuilder.DropIndex(
                name: "ix_surveys_state_expires_at",
                schema: "scheduling",
                table: "surveys");

            migrationBuilder.AddColumn<byte[]>(
                name: "token_hash",
                schema: "scheduling",
                table: "surveys",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_token_hash",
                schema: "scheduling",
                table: "surveys",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");
        }
    }
}
