using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClinicCancelNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Duration>(
                name: "cancel_notice",
                schema: "scheduling",
                table: "clinics",
                type: "interval",
                nullable: false,
                defaultValue: NodaTime.Duration.FromHours(24)); // existing clinics get the default notice
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cancel_notice",
                schema: "scheduling",
                table: "clinics");
        }
    }
}
