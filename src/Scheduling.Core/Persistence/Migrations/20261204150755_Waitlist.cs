using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Waitlist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "waitlist_entries",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    earliest = table.Column<LocalDate>(type: "date", nullable: false),
                    latest = table.Column<LocalDate>(type: "date", nullable: false),
                    not_before = table.Column<LocalTime>(type: "time", nullable: true),
                    not_after = table.Column<LocalTime>(type: "time", nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    series_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_series_series_id",
                        column: x => x.series_id,
                        principalSchema: "scheduling",
                        principalTable: "series",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "chair_openings",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chair_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    end = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    closed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    filled_by_entry_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chair_openings", x => x.id);
                    table.ForeignKey(
                        name: "fk_chair_openings_appointments_id",
                        column: x => x.id,
                        principalSchema: "scheduling",
                        principalTable: "appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_chair_openings_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_chair_openings_waitlist_entries_filled_by_entry_id",
                        column: x => x.filled_by_entry_id,
                        principalSchema: "scheduling",
                        principalTable: "waitlist_entries",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "waitlist_offers",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    opening_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    answered_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_waitlist_offers_chair_openings_opening_id",
                        column: x => x.opening_id,
                        principalSchema: "scheduling",
                        principalTable: "chair_openings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_offers_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_offers_waitlist_entries_entry_id",
                        column: x => x.entry_id,
                        principalSchema: "scheduling",
                        principalTable: "waitlist_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "waitlist_offer_links",
                schema: "scheduling",
                columns: table => new
                {
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_offer_links", x => x.token_hash);
                    table.ForeignKey(
                        name: "fk_waitlist_offer_links_waitlist_offers_offer_id",
                        column: x => x.offer_id,
                        principalSchema: "scheduling",
                        principalTable: "waitlist_offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_chair_openings_clinic_id",
                schema: "scheduling",
                table: "chair_openings",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_chair_openings_filled_by_entry_id",
                schema: "scheduling",
                table: "chair_openings",
                column: "filled_by_entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_chair_openings_start",
                schema: "scheduling",
                table: "chair_openings",
                column: "start",
                filter: "state = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_clinic_id_created_at",
                schema: "scheduling",
                table: "waitlist_entries",
                columns: new[] { "clinic_id", "created_at" },
                filter: "state = 'Waiting'");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_patient_id",
                schema: "scheduling",
                table: "waitlist_entries",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_series_id",
                schema: "scheduling",
                table: "waitlist_entries",
                column: "series_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offer_links_offer_id",
                schema: "scheduling",
                table: "waitlist_offer_links",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_entry_id",
                schema: "scheduling",
                table: "waitlist_offers",
                column: "entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_opening_id_entry_id",
                schema: "scheduling",
                table: "waitlist_offers",
                columns: new[] { "opening_id", "entry_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_patient_id_created_at",
                schema: "scheduling",
                table: "waitlist_offers",
                columns: new[] { "patient_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_state_expires_at",
                schema: "scheduling",
                table: "waitlist_offers",
                columns: new[] { "state", "expires_at" },
                filter: "state = 'Open'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "waitlist_offer_links",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "waitlist_offers",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "chair_openings",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "waitlist_entries",
                schema: "scheduling");
        }
    }
}
