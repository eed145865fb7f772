using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scheduling.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "scheduling");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.CreateTable(
                name: "audit_events",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: true),
                    details = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "captured_sms",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    body = table.Column<string>(type: "character varying(1600)", maxLength: 1600, nullable: false),
                    captured_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_captured_sms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "clinics",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sending_window_start = table.Column<LocalTime>(type: "time", nullable: false),
                    sending_window_end = table.Column<LocalTime>(type: "time", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinics", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_status_events",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    provider_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    error_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    received_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_status_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "chairs",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chairs", x => x.id);
                    table.ForeignKey(
                        name: "fk_chairs_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "closed_date",
                schema: "scheduling",
                columns: table => new
                {
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<LocalDate>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_closed_date", x => new { x.clinic_id, x.date });
                    table.ForeignKey(
                        name: "fk_closed_date_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "message_templates",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_templates_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "on_call_contacts",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_on_call_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_on_call_contacts_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "opening_hours",
                schema: "scheduling",
                columns: table => new
                {
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    open = table.Column<LocalTime>(type: "time", nullable: false),
                    close = table.Column<LocalTime>(type: "time", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_hours", x => new { x.clinic_id, x.day, x.open });
                    table.CheckConstraint("ck_opening_hours_open_before_close", "open < close");
                    table.ForeignKey(
                        name: "fk_opening_hours_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "patients",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    date_of_birth = table.Column<LocalDate>(type: "date", nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    phone_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    email_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patients", x => x.id);
                    table.ForeignKey(
                        name: "fk_patients_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "templates",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: true),
                    built_in = table.Column<bool>(type: "boolean", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    medication = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    session_count = table.Column<int>(type: "integer", nullable: false),
                    session_duration = table.Column<Duration>(type: "interval", nullable: false),
                    min_days_between = table.Column<int>(type: "integer", nullable: false),
                    max_days_between = table.Column<int>(type: "integer", nullable: false),
                    rems_form_due_days = table.Column<int>(type: "integer", nullable: true),
                    day_before_check = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templates", x => x.id);
                    table.CheckConstraint("ck_templates_session_count", "session_count >= 1");
                    table.CheckConstraint("ck_templates_spacing", "min_days_between >= 0 AND max_days_between >= min_days_between");
                    table.ForeignKey(
                        name: "fk_templates_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalSchema: "scheduling",
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "scheduling",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                schema: "scheduling",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "scheduling",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                schema: "scheduling",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    role_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalSchema: "scheduling",
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "scheduling",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                schema: "scheduling",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "scheduling",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consent_ledger",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    granted = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_ledger", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_ledger_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inbound_sms",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    from = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    body = table.Column<string>(type: "character varying(1600)", maxLength: 1600, nullable: false),
                    received_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: true),
                    intent = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_sms", x => x.id);
                    table.ForeignKey(
                        name: "fk_inbound_sms_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "work_items",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    resolved_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_work_items_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_work_items_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "series",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    cancelled_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    cancel_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series", x => x.id);
                    table.ForeignKey(
                        name: "fk_series_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_templates_template_id",
                        column: x => x.template_id,
                        principalSchema: "scheduling",
                        principalTable: "templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "template_follow_ups",
                schema: "scheduling",
                columns: table => new
                {
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    after = table.Column<Duration>(type: "interval", nullable: false),
                    sessions = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_template_follow_ups", x => new { x.template_id, x.id });
                    table.ForeignKey(
                        name: "fk_template_follow_ups_templates_template_id",
                        column: x => x.template_id,
                        principalSchema: "scheduling",
                        principalTable: "templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "template_reminders",
                schema: "scheduling",
                columns: table => new
                {
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    before = table.Column<Duration>(type: "interval", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_template_reminders", x => new { x.template_id, x.id });
                    table.ForeignKey(
                        name: "fk_template_reminders_templates_template_id",
                        column: x => x.template_id,
                        principalSchema: "scheduling",
                        principalTable: "templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    series_id = table.Column<Guid>(type: "uuid", nullable: true),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chair_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    medication = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    local_start = table.Column<LocalDateTime>(type: "timestamp without time zone", nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    start_instant = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    end_instant = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status_changed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    cancel_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ride_confirmed = table.Column<bool>(type: "boolean", nullable: true),
                    ride_confirmed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    fasting_confirmed = table.Column<bool>(type: "boolean", nullable: true),
                    patient_confirmed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    call_back_requested_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    rems_form_due = table.Column<LocalDate>(type: "date", nullable: true),
                    rems_form_submitted_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                    table.CheckConstraint("ck_appointments_start_before_end", "start_instant < end_instant");
                    table.ForeignKey(
                        name: "fk_appointments_chairs_chair_id",
                        column: x => x.chair_id,
                        principalSchema: "scheduling",
                        principalTable: "chairs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_appointments_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_appointments_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_appointments_series_series_id",
                        column: x => x.series_id,
                        principalSchema: "scheduling",
                        principalTable: "series",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    series_id = table.Column<Guid>(type: "uuid", nullable: true),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    instrument = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    instrument_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    occasion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    due_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    sent_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    total_score = table.Column<int>(type: "integer", nullable: true),
                    band = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.ForeignKey(
                        name: "fk_surveys_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalSchema: "scheduling",
                        principalTable: "appointments",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_surveys_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_surveys_series_series_id",
                        column: x => x.series_id,
                        principalSchema: "scheduling",
                        principalTable: "series",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    acknowledged_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_alerts_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalSchema: "scheduling",
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alerts_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alerts_surveys_survey_id",
                        column: x => x.survey_id,
                        principalSchema: "scheduling",
                        principalTable: "surveys",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "survey_answers",
                schema: "scheduling",
                columns: table => new
                {
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    value = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_answers", x => new { x.survey_id, x.item });
                    table.ForeignKey(
                        name: "fk_survey_answers_surveys_survey_id",
                        column: x => x.survey_id,
                        principalSchema: "scheduling",
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: true),
                    on_call_contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: true),
                    alert_id = table.Column<Guid>(type: "uuid", nullable: true),
                    due_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    not_after = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    urgent = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    provider_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_until = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_alerts_alert_id",
                        column: x => x.alert_id,
                        principalSchema: "scheduling",
                        principalTable: "alerts",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_messages_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalSchema: "scheduling",
                        principalTable: "appointments",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_messages_on_call_contacts_on_call_contact_id",
                        column: x => x.on_call_contact_id,
                        principalSchema: "scheduling",
                        principalTable: "on_call_contacts",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_messages_patients_patient_id",
                        column: x => x.patient_id,
                        principalSchema: "scheduling",
                        principalTable: "patients",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_messages_surveys_survey_id",
                        column: x => x.survey_id,
                        principalSchema: "scheduling",
                        principalTable: "surveys",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "message_attempts",
                schema: "scheduling",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    provider_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_attempts_messages_message_id",
                        column: x => x.message_id,
                        principalSchema: "scheduling",
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_clinic_id",
                schema: "scheduling",
                table: "alerts",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_patient_id",
                schema: "scheduling",
                table: "alerts",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_state_created_at",
                schema: "scheduling",
                table: "alerts",
                columns: new[] { "state", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_survey_id_kind",
                schema: "scheduling",
                table: "alerts",
                columns: new[] { "survey_id", "kind" },
                unique: true,
                filter: "survey_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_chair_id",
                schema: "scheduling",
                table: "appointments",
                column: "chair_id");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_clinic_id_start_instant",
                schema: "scheduling",
                table: "appointments",
                columns: new[] { "clinic_id", "start_instant" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_patient_id_start_instant",
                schema: "scheduling",
                table: "appointments",
                columns: new[] { "patient_id", "start_instant" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_rems_form_due",
                schema: "scheduling",
                table: "appointments",
                column: "rems_form_due",
                filter: "rems_form_due IS NOT NULL AND rems_form_submitted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_series_id",
                schema: "scheduling",
                table: "appointments",
                column: "series_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                schema: "scheduling",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_patient_id_at",
                schema: "scheduling",
                table: "audit_events",
                columns: new[] { "patient_id", "at" },
                filter: "patient_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_captured_sms_captured_at",
                schema: "scheduling",
                table: "captured_sms",
                column: "captured_at");

            migrationBuilder.CreateIndex(
                name: "ix_chairs_clinic_id_number",
                schema: "scheduling",
                table: "chairs",
                columns: new[] { "clinic_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consent_ledger_patient_id_channel_recorded_at",
                schema: "scheduling",
                table: "consent_ledger",
                columns: new[] { "patient_id", "channel", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_delivery_status_events_provider_id_status",
                schema: "scheduling",
                table: "delivery_status_events",
                columns: new[] { "provider_id", "status" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_sms_patient_id",
                schema: "scheduling",
                table: "inbound_sms",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_sms_provider_id",
                schema: "scheduling",
                table: "inbound_sms",
                column: "provider_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_attempts_message_id",
                schema: "scheduling",
                table: "message_attempts",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_message_templates_clinic_id_kind_channel_language",
                schema: "scheduling",
                table: "message_templates",
                columns: new[] { "clinic_id", "kind", "channel", "language" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_messages_alert_id",
                schema: "scheduling",
                table: "messages",
                column: "alert_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_appointment_id",
                schema: "scheduling",
                table: "messages",
                column: "appointment_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_on_call_contact_id",
                schema: "scheduling",
                table: "messages",
                column: "on_call_contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_patient_id_due_at",
                schema: "scheduling",
                table: "messages",
                columns: new[] { "patient_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_pending",
                schema: "scheduling",
                table: "messages",
                column: "next_attempt_at",
                filter: "state IN ('Planned', 'Sending')");

            migrationBuilder.CreateIndex(
                name: "ix_messages_provider_id",
                schema: "scheduling",
                table: "messages",
                column: "provider_id",
                filter: "provider_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_subject_id_plan_key_channel",
                schema: "scheduling",
                table: "messages",
                columns: new[] { "subject_id", "plan_key", "channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_survey_id",
                schema: "scheduling",
                table: "messages",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_on_call_contacts_clinic_id",
                schema: "scheduling",
                table: "on_call_contacts",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_last_name_first_name",
                schema: "scheduling",
                table: "patients",
                columns: new[] { "clinic_id", "last_name", "first_name" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_phone",
                schema: "scheduling",
                table: "patients",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                schema: "scheduling",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                schema: "scheduling",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_series_clinic_id",
                schema: "scheduling",
                table: "series",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_series_patient_id",
                schema: "scheduling",
                table: "series",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_series_template_id",
                schema: "scheduling",
                table: "series",
                column: "template_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_appointment_id",
                schema: "scheduling",
                table: "surveys",
                column: "appointment_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_patient_id_due_at",
                schema: "scheduling",
                table: "surveys",
                columns: new[] { "patient_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_series_id",
                schema: "scheduling",
                table: "surveys",
                column: "series_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_subject_id_instrument_occasion",
                schema: "scheduling",
                table: "surveys",
                columns: new[] { "subject_id", "instrument", "occasion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_token_hash",
                schema: "scheduling",
                table: "surveys",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_templates_clinic_id_code",
                schema: "scheduling",
                table: "templates",
                columns: new[] { "clinic_id", "code" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                schema: "scheduling",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                schema: "scheduling",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                schema: "scheduling",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                schema: "scheduling",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                schema: "scheduling",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_work_items_clinic_id_state_kind",
                schema: "scheduling",
                table: "work_items",
                columns: new[] { "clinic_id", "state", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_kind_subject_id",
                schema: "scheduling",
                table: "work_items",
                columns: new[] { "kind", "subject_id" },
                unique: true,
                filter: "state = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_work_items_patient_id",
                schema: "scheduling",
                table: "work_items",
                column: "patient_id");

            // Refused by the database itself, not only by a check in code: no chair and no patient is
            // ever in two places at once (cancelled sessions free their slot).
            migrationBuilder.Sql("""
                ALTER TABLE scheduling.appointments
                    ADD CONSTRAINT ex_appointments_chair_overlap
                    EXCLUDE USING gist (chair_id WITH =, tstzrange(start_instant, end_instant) WITH &&)
                    WHERE (status <> 'Cancelled');
                ALTER TABLE scheduling.appointments
                    ADD CONSTRAINT ex_appointments_patient_overlap
                    EXCLUDE USING gist (patient_id WITH =, tstzrange(start_instant, end_instant) WITH &&)
                    WHERE (status <> 'Cancelled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_events",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "captured_sms",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "closed_date",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "consent_ledger",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "data_protection_keys",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "delivery_status_events",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "inbound_sms",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "message_attempts",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "message_templates",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "opening_hours",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "role_claims",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "survey_answers",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "template_follow_ups",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "template_reminders",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "user_claims",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "user_logins",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "user_roles",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "user_tokens",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "work_items",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "messages",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "roles",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "users",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "alerts",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "on_call_contacts",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "surveys",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "appointments",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "chairs",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "series",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "patients",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "templates",
                schema: "scheduling");

            migrationBuilder.DropTable(
                name: "clinics",
                schema: "scheduling");
        }
    }
}
