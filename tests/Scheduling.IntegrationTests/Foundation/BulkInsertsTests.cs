using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

/// <summary>
/// Rows written in bulk (one statement per table, as a booking writes them) are the rows EF would have
/// written, column for column, and the database's constraints still settle conflicts, all or nothing.
/// </summary>
public sealed class BulkInsertsTests : IAsyncLifetime
{
    private static readonly Type[] InBulk =
    [
        typeof(Series),
        typeof(Appointment),
        typeof(Survey),
        typeof(PlannedMessage),
        typeof(AuditEvent),
    ];
    private static readonly Instant At = Instant.FromUtc(2026, 12, 1, 14, 30, 15).PlusNanoseconds(123_456_000);

    private static readonly (string Table, string Order)[] Tables =
    [
        ("series", "id"),
        ("appointments", "id"),
        ("surveys", "id"),
        ("messages", "id"),
        ("audit_events", "at, action"),
    ];

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private (Guid Clinic, Guid Chair, Guid Patient, Guid Template) _context;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = _database.CoreServices();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinic = new Clinic
        {
            Name = "Bulk Clinic",
            TimeZoneId = "America/New_York",
            Phone = "+12025550100",
            CreatedAt = At,
        };
        var chair = new Chair
        {
            ClinicId = clinic.Id,
            Number = 1,
            Name = "Chair 1",
        };
        clinic.Chairs.Add(chair);
        var patient = new Patient
        {
            ClinicId = clinic.Id,
            FirstName = "Ada",
            LastName = "Bulk",
            Email = "ada@example.com",
            Phone = "+12025550111",
            TimeZoneId = "America/New_York",
            DateOfBirth = new LocalDate(1980, 2, 29),
            CreatedAt = At,
        };
        db.Clinics.Add(clinic);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        var template = await db.Templates.FirstAsync(t => t.Code == "ketamine-iv-induction");
        _context = (clinic.Id, chair.Id, patient.Id, template.Id);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task BulkWrittenRows_AreTheRowsEfWrites_ColumnForColumn_NullsEnumsAndInstantsIncluded()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToArray();

        await SaveAsync(ids, (db, token) => db.SaveChangesAsync(token));
        var byEf = await RowsAsync();
        await DeleteAllAsync();
        await SaveAsync(ids, (db, token) => db.SaveChangesWithBulkInsertsAsync(InBulk, token));
        var inBulk = await RowsAsync();

        Assert.Equal([1, 2, 1, 2, 1], Tables.Select(t => byEf[t.Table].Count));
        Assert.All(Tables, t => Assert.Equal(byEf[t.Table], inBulk[t.Table]));
    }

    [Fact]
    public async Task AConstraintViolation_InAnyTable_WritesNothingAtAll()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToArray();
        await SaveAsync(ids, (db, token) => db.SaveChangesWithBulkInsertsAsync(InBulk, token));
        var before = await RowsAsync();

        // The same chair at the same hour for another series: the exclusion constraint refuses the second
        // appointment, and the series, surveys, messages and audit row of that batch go with it.
        var again = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToArray();
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            SaveAsync(again, (db, token) => db.SaveChangesWithBulkInsertsAsync(InBulk, token))
        );

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        var after = await RowsAsync();
        Assert.All(Tables, t => Assert.Equal(before[t.Table], after[t.Table]));
    }

    [Fact]
    public async Task OtherChangesInTheSameSave_CommitWithTheBulkRows()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToArray();
        await SaveAsync(ids, async (db, token) =>
        {
            var patient = await db.Patients.SingleAsync(p => p.Id == _context.Patient, token);
            patient.Language = "es";
            await db.SaveChangesWithBulkInsertsAsync(InBulk, token);
        });

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal("es", (await db.Patients.SingleAsync(p => p.Id == _context.Patient)).Language);
        Assert.Equal(2, await db.Messages.CountAsync(m => m.PatientId == _context.Patient));
    }

    private async Task SaveAsync(Guid[] ids, Func<SchedulingDbContext, CancellationToken, Task> save)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var series = new Series
        {
            Id = ids[0],
            PatientId = _context.Patient,
            ClinicId = _context.Clinic,
            TemplateId = _context.Template,
            TemplateCode = "ketamine-iv-induction",
            CreatedAt = At,
            CreatedBy = "desk@example.com",
        };
        var start = new LocalDateTime(2026, 12, 8, 10, 0);
        series.Appointments.AddRange(
            Enumerable
                .Range(0, 2)
                .Select(n =>
                {
                    var appointment = new Appointment(
                        new SessionPlace(
                            _context.Chair,
                            start.PlusDays(3 * n),
                            Instant.FromUtc(2026, 12, 8 + (3 * n), 15, 0),
                            Instant.FromUtc(2026, 12, 8 + (3 * n), 17, 0)
                        ),
                        n == 0 ? 7 : null
                    )
                    {
                        Id = ids[1 + n],
                        SeriesId = series.Id,
                        PatientId = _context.Patient,
                        ClinicId = _context.Clinic,
                        Number = n + 1,
                        Medication = Medication.EsketamineNasal,
                        TimeZoneId = "America/New_York",
                        CreatedAt = At,
                    };
                    if (n == 0)
                    {
                        appointment.RecordRide(true, At);
                    }
                    else
                    {
                        appointment.Cancel("Unwell", At);
                    }

                    return appointment;
                })
        );
        var survey = Survey.Plan(
            new SurveyPlan(
                _context.Patient,
                series.Id,
                ids[1],
                ids[1],
                Instrument.Phq9,
                "phq9-2001",
                SurveyOccasion.PostSession,
                At.Plus(Duration.FromDays(7)),
                At.Plus(Duration.FromDays(9))
            )
            {
                Id = ids[3],
            },
            reachable: true,
            At
        );
        var messages = new[]
        {
            new PlannedMessage(At.Plus(Duration.FromDays(6)), At.Plus(Duration.FromDays(7)), At)
            {
                Id = ids[4],
                SubjectId = ids[1],
                PlanKey = PlanKey.Reminder(Duration.FromHours(24)),
                Kind = MessageKind.Reminder,
                Channel = Channel.Sms,
                PatientId = _context.Patient,
                AppointmentId = ids[1],
            },
            new PlannedMessage(At, At.Plus(Duration.FromHours(30)), At)
            {
                Id = ids[5],
                SubjectId = ids[3],
                PlanKey = PlanKey.SurveyInvitation,
                Kind = MessageKind.SurveyInvitation,
                Channel = Channel.Email,
                PatientId = _context.Patient,
                SurveyId = survey.Id,
                Urgent = true,
            },
        };

        // Nearly every column filled: an outcome left unknown (reason, error, provider id), then reported delivered.
        messages[1].Claim("worker-1", At, At);
        messages[1].RecordUnknown("550 5.1.1 mailbox unavailable", "SM0123", At);
        messages[1].ReportDelivered(At);
        db.Series.Add(series);
        db.Surveys.Add(survey);
        db.Messages.AddRange(messages);
        db.AuditEvents.Add(
            new AuditEvent
            {
                At = At,
                Actor = "desk@example.com",
                Action = "booked",
                EntityType = nameof(Series),
                EntityId = series.Id.ToString(),
                PatientId = _context.Patient,
                PatientIds = [_context.Patient, Guid.Empty],
                Details = """{"template": "ketamine-iv-induction", "sessions": 2}""",
            }
        );
        await save(db, CancellationToken.None);
    }

    /// <summary>
    /// Every column of every row as PostgreSQL holds it, but the id (the audit row's is an identity).
    /// </summary>
    private async Task<Dictionary<string, List<string>>> RowsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, order) in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT (to_jsonb(t) - 'id')::text FROM scheduling.{table} t ORDER BY {order}",
                connection
            );
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetString(0));
            }

            rows[table] = values;
        }

        return rows;
    }

    private async Task DeleteAllAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "DELETE FROM scheduling.messages; DELETE FROM scheduling.surveys; DELETE FROM scheduling.appointments; "
                + "DELETE FROM scheduling.series; DELETE FROM scheduling.audit_events;",
            connection
        );
        await command.ExecuteNonQueryAsync();
    }
}
