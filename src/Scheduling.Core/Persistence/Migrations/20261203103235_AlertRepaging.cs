using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AlertRepaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "last_paged_at",
                schema: "scheduling",
                table: "alerts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "last_paged_contact_id",
                schema: "scheduling",
                table: "alerts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "page_round",
                schema: "scheduling",
                table: "alerts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_paged_at",
                schema: "scheduling",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "last_paged_contact_id",
                schema: "scheduling",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "page_round",
                schema: "scheduling",
                table: "alerts");
        }
    }
}
