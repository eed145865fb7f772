using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>
/// An upgrade loses no message. A database of the previous release's schema (the migrations up to the last one
/// of that release, nothing later) holds a planned message, one claimed by a worker that died, and a failed
/// one, written with that schema's SQL. The current `migrate` command runs on it; then a real worker process
/// sends the planned one, takes back the dead worker's claim and sends it, leaves the failed one failed until
/// it is retried, and then sends that too.
/// </summary>
public sealed class UpgradeFromPreviousReleaseTests : IAsyncLifetime
{
    /// <summary>
    /// The last migration of the previous release: everything of 26 November 2026. The next release (the
    /// contract's "Additions of the second round") began with 20261203103000_DispatcherHeartbeats.
    /// </summary>
    private const string PreviousRelease = "20261126232924_AppointmentsBusyIndex";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Guid _clinic = Guid.NewGuid();
    private readonly Guid _chair = Guid.NewGuid();
    private readonly Guid _template = Guid.NewGuid();
    private readonly Guid _patient = Guid.NewGuid();
    private readonly Guid _series = Guid.NewGuid();
    private readonly Guid _appointment = Guid.NewGuid();
    private readonly Guid _planned = Guid.NewGuid();
    private readonly Guid _claimed = Guid.NewGuid();
    private readonly Guid _failed = Guid.NewGuid();

    private TestDatabase? _database;
    private FakeSmtpServer? _smtp;
    private FakeTwilioServer? _twilio;

    private TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _smtp = FakeSmtpServer.Start();
        _twilio = await FakeTwilioServer.StartAsync();
        _database = await TestDatabase.CreateAsync(migrate: false);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        if (_twilio is not null)
        {
            await _twilio.DisposeAsync();
        }
    }

    [Fact]
    public async Task PlannedClaimedAndFailedMessages_OfThePreviousRelease_SurviveMigrate_AndAreDispatched()
    {
        var later = await MigrateToPreviousReleaseAsync();
        Assert.NotEmpty(later);
        await WritePreviousReleaseDataAsync();

        var migrate = await HostProcess.RunAsync(
            HostProcess.WebHostDll,
            new Dictionary<string, string> { ["ConnectionStrings__Scheduling"] = Database.ConnectionString },
            TimeSpan.FromMinutes(3),
            "migrate"
        );
        Assert.True(migrate.ExitCode == 0, $"migrate failed ({migrate.ExitCode}): {migrate.Output}{migrate.Error}");
        Assert.Empty(await PendingMigrationsAsync());

        // Nothing lost, nothing changed by the upgrade itself.
        Assert.Equal(
            new Dictionary<Guid, string>
            {
                [_planned] = "Planned",
                [_claimed] = "Sending",
                [_failed] = "Failed",
            },
            await StatesAsync()
        );

        await using (var worker = await StartWorkerAsync())
        {
            // The planned one is sent; the dead worker's claim expires, comes back to the queue and is sent.
            await WaitForAsync(
                states => states[_planned] == "Sent" && states[_claimed] == "Sent",
                worker,
                "the planned and the claimed message to be sent"
            );
            Assert.Equal("Failed", (await StatesAsync())[_failed]);
            Assert.Single(_smtp!.Received, r => r.To.Contains("upgrade.patient@example.com"));
            Assert.Single(_twilio!.Messages, m => m.To == "+12025550142");

            await RetryAsync(_failed);
            await WaitForAsync(states => states[_failed] == "Sent", worker, "the retried message to be sent");
        }

        Assert.Equal(2, _smtp.Received.Count(r => r.To.Contains("upgrade.patient@example.com")));
    }

    private async Task<List<string>> MigrateToPreviousReleaseAsync()
    {
        await using var services = Database.CoreServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(PreviousRelease);
        Assert.Contains(PreviousRelease, await db.Database.GetAppliedMigrationsAsync());
        return [.. await db.Database.GetPendingMigrationsAsync()];
    }

    private async Task<List<string>> PendingMigrationsAsync()
    {
        await using var services = Database.CoreServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return [.. await db.Database.GetPendingMigrationsAsync()];
    }

    /// <summary>
    /// One patient, one session three days ahead, and its messages, in the columns the previous release had.
    /// The patient lives in a zone where it is now early afternoon, so the sending window is open.
    /// </summary>
    private async Task WritePreviousReleaseDataAsync()
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var zone = ZoneWhereItIsEarlyAfternoon(now);
        var start = now.InZone(DateTimeZoneProviders.Tzdb[zone]).Date.PlusDays(3).At(new LocalTime(10, 0));
        var startInstant = start.InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToInstant();
        string At(Instant instant) => instant.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await ExecuteAsync(
            $"""
            INSERT INTO scheduling.clinics (id, name, time_zone_id, phone, sending_window_start, sending_window_end,
              created_at)
            VALUES ('{_clinic}', 'Riverside Wellness', '{zone}', '+12025550100', '08:00', '20:00', '{At(now)}');
            INSERT INTO scheduling.chairs (id, clinic_id, number, name) VALUES ('{_chair}', '{_clinic}', 1, 'Chair 1');
            INSERT INTO scheduling.templates (id, clinic_id, built_in, code, name, medication, session_count,
              session_duration, min_days_between, max_days_between, rems_form_due_days, day_before_check, created_at)
            VALUES ('{_template}', '{_clinic}', false, 'upgrade-check', 'Upgrade check', 'KetamineIv', 1,
              interval '2 hours', 2, 4, NULL, false, '{At(now)}');
            INSERT INTO scheduling.template_reminders (template_id, id, channel, before)
            VALUES ('{_template}', 1, 'Email', interval '24 hours');
            INSERT INTO scheduling.patients (id, clinic_id, first_name, last_name, date_of_birth, email, phone,
              time_zone_id, language, phone_status, email_status, created_at)
            VALUES ('{_patient}', '{_clinic}', 'Robin', 'Upgrade', '1980-04-02', 'upgrade.patient@example.com',
              '+12025550142', '{zone}', 'en', 'Valid', 'Valid', '{At(now)}');
            INSERT INTO scheduling.consent_ledger (id, patient_id, channel, granted, recorded_at, source, evidence,
              recorded_by)
            VALUES ('{Guid.NewGuid()}', '{_patient}', 'Email', true, '{At(now)}', 'FrontDesk', 'Consent form',
                'desk@clinic.test'),
              ('{Guid.NewGuid()}', '{_patient}', 'Sms', true, '{At(now)}', 'FrontDesk', 'Consent form',
                'desk@clinic.test');
            INSERT INTO scheduling.series (id, patient_id, clinic_id, template_id, template_code, state, created_at)
            VALUES ('{_series}', '{_patient}', '{_clinic}', '{_template}', 'upgrade-check', 'Active', '{At(now)}');
            INSERT INTO scheduling.appointments (id, series_id, patient_id, clinic_id, chair_id, number, medication,
              local_start, time_zone_id, start_instant, end_instant, status, revision, created_at)
            VALUES ('{_appointment}', '{_series}', '{_patient}', '{_clinic}', '{_chair}', 1, 'KetamineIv',
              '{start.ToString("uuuu-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}', '{zone}',
              '{At(startInstant)}', '{At(startInstant + Duration.FromHours(2))}', 'Booked', 0, '{At(now)}');
            INSERT INTO scheduling.messages (id, subject_id, plan_key, kind, channel, patient_id, appointment_id,
              due_at, not_after, urgent, state, reason, attempts, next_attempt_at, last_error, claimed_by,
              claimed_until, created_at, updated_at)
            VALUES
              ('{_planned}', '{_series}', 'BookingConfirmation', 'BookingConfirmation', 'Email', '{_patient}', NULL,
               '{At(now - Duration.FromMinutes(1))}', '{At(startInstant)}', false, 'Planned', NULL, 0,
               '{At(now - Duration.FromMinutes(1))}', NULL, NULL, NULL, '{At(now)}', '{At(now)}'),
              ('{_claimed}', '{_series}', 'BookingConfirmation', 'BookingConfirmation', 'Sms', '{_patient}', NULL,
               '{At(now - Duration.FromMinutes(5))}', '{At(startInstant)}', false, 'Sending', NULL, 0,
               '{At(now - Duration.FromMinutes(5))}', NULL, 'worker-of-the-previous-release:4711',
               '{At(now - Duration.FromMinutes(3))}', '{At(now)}', '{At(now)}'),
              ('{_failed}', '{_appointment}', 'Reminder/1440m', 'Reminder', 'Email', '{_patient}', '{_appointment}',
               '{At(startInstant - Duration.FromHours(24))}', '{At(startInstant)}', false, 'Failed',
               'ProviderRejected', 3, NULL, '554 rejected by the provider', NULL, NULL, '{At(now)}', '{At(now)}');
            """
        );
    }

    private async Task<RunningHost> StartWorkerAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Scheduling"] = Database.ConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = _smtp!.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__From"] = "clinic@example.test",
            ["Sms__Twilio__AccountSid"] = _twilio!.AccountSid,
            ["Sms__Twilio__AuthToken"] = _twilio.AuthToken,
            ["Sms__Twilio__From"] = MessagingApp.SmsFrom,
            ["Sms__Twilio__ApiBaseUrl"] = _twilio.BaseUrl,
            ["PublicBaseUrl"] = MessagingApp.PublicBaseUrl,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        var worker = HostProcess.Start(HostProcess.WorkerHostDll, environment);
        await worker.WaitForOutputAsync(
            line => line.Contains("Application started", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the worker to start"
        );
        return worker;
    }

    /// <summary>The front desk's "send again", the use case behind POST /api/messages/{id}/retry.</summary>
    private async Task RetryAsync(Guid id)
    {
        await using var services = Database.CoreServices();
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<MessageRetry>().RetryAsync(id, default);
        Assert.True(outcome.Kind == OutcomeKind.Ok, $"retry refused: {outcome.Kind} {outcome.Detail}");
    }

    private async Task WaitForAsync(Func<Dictionary<Guid, string>, bool> done, RunningHost worker, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        Dictionary<Guid, string> states;
        while (!done(states = await StatesAsync()))
        {
            Assert.False(worker.HasExited, $"the worker exited:\n{worker.Tail()}");
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(
                    $"Waited {Patience} for {what}; states: "
                        + string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))
                        + $"\nworker:\n{worker.Tail()}"
                );
            }

            await Task.Delay(250);
        }
    }

    private async Task<Dictionary<Guid, string>> StatesAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, state FROM scheduling.messages WHERE patient_id = $1",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter { Value = _patient });
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<Guid, string>();
        while (await reader.ReadAsync())
        {
            states[reader.GetGuid(0)] = reader.GetString(1);
        }

        return states;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fixed-offset zone where it is now between 13:00 and 14:00, far from the window's ends.</summary>
    private static string ZoneWhereItIsEarlyAfternoon(Instant now)
    {
        var offset = 13 - now.InUtc().Hour;
        return offset switch
        {
            0 => "Etc/UTC",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }
}
