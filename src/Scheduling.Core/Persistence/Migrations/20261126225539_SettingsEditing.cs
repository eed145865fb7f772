using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SettingsEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "retired_at",
                schema: "scheduling",
                table: "templates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "removed_at",
                schema: "scheduling",
                table: "on_call_contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "retired_at",
                schema: "scheduling",
                table: "chairs",
                type: "timestamp with time zone",
                nullable: true);

            // A session is never put on a retired chair, even by a booking that read the chairs before the
            // chair was retired: the retirement holds a share lock on appointments while it counts, and this
            // check runs after the booking's insert got past that lock. Raised as an exclusion violation, so
            // the booking answers as it does when it loses a chair to another booking.
            migrationBuilder.Sql("""
                CREATE FUNCTION scheduling.refuse_retired_chair() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM scheduling.chairs WHERE id = NEW.chair_id AND retired_at IS NOT NULL) THEN
                        RAISE EXCEPTION 'chair % is retired', NEW.chair_id
                            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'tr_appointments_chair_in_service';
                    END IF;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER tr_appointments_chair_in_service
                    BEFORE INSERT OR UPDATE OF chair_id ON scheduling.appointments
                    FOR EACH ROW WHEN (NEW.status <> 'Cancelled')
                    EXECUTE FUNCTION scheduling.refuse_retired_chair();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_appointments_chair_in_service ON scheduling.appointments;
                DROP FUNCTION scheduling.refuse_retired_chair();
                """);

            migrationBuilder.DropColumn(
                name: "retired_at",
                schema: "scheduling",
                table: "templates");

            migrationBuilder.DropColumn(
                name: "removed_at",
                schema: "scheduling",
                table: "on_call_contacts");

            migrationBuilder.DropColumn(
                name: "retired_at",
                schema: "scheduling",
                table: "chairs");
        }
    }
}
