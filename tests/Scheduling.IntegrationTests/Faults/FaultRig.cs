using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using NodaTime;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Faults;

/// <summary>
/// One fault scenario: a database of its own, the fake SMTP and Twilio servers in this process, the web
/// API to book through, a burst of messages released at once, and real worker processes (the built
/// Scheduling.Worker.dll) that the test starts and kills. The workers read the real clock, so the rig
/// books at the real "now", for patients in a zone where it is early afternoon: the sending window is open.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    /// <summary>Short, so that claims of a killed worker come back within seconds (recovery runs every 15 s).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The reminders brought forward into the burst: one email and one SMS per session, so no frequency cap holds any
    /// back.
    /// </summary>
    private static readonly string[] BurstReminders = ["Reminder/4320m", "Reminder/1440m"];

    private static readonly TimeSpan WorkerStartTimeout = TimeSpan.FromSeconds(60);

    private const int ChairsPerLane = 200;
    private const int Lanes = 4;

    private readonly MessagingApp _app;
    private readonly ITestOutputHelper _output;
    private readonly List<RunningHost> _workers = [];
    private readonly string _zone;

    private FaultRig(MessagingApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
        _zone = ZoneWhereItIsEarlyAfternoon(SystemClock.Instance.GetCurrentInstant());
    }

    public FakeSmtpServer Smtp => _app.Smtp;

    public FakeTwilioServer Twilio => _app.Twilio;

    public string ConnectionString => _app.Database.ConnectionString;

    public static async Task<FaultRig> StartAsync(ITestOutputHelper output, TimeSpan smtpDelay)
    {
        var app = new MessagingApp();
        var rig = new FaultRig(app, output);
        try
        {
            await ((IAsyncLifetime)app).InitializeAsync();
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        app.Smtp.DataDelay = smtpDelay;
        return rig;
    }

    /// <summary>
    /// Registers patients and books each a one-session booster through the API. The burst is four
    /// messages per patient: the booking confirmation by email and SMS, the 72-hour email reminder and the
    /// 24-hour SMS reminder. It is held back (due tomorrow) until <see cref="ReleaseAsync"/>, so that the
    /// workers can be started first.
    /// </summary>
    public async Task<Burst> BookBurstAsync(int patients)
    {
        Assert.True(
            patients <= Lanes * ChairsPerLane,
            $"At most {Lanes * ChairsPerLane} patients fit the clinic's chairs."
        );
        var watch = Stopwatch.StartNew();
        var now = SystemClock.Instance.GetCurrentInstant();
        _app.Clock.Reset(now);
        using var admin = await SignIn.ApiClientAsync(_app, Roles.Admin);
        var clinic = (await admin.CreatedAsync("/api/clinics", Clinic())).GetProperty("id").GetString()!;
        var sessionDay = now.InZone(DateTimeZoneProviders.Tzdb[_zone]).Date.PlusDays(7);
        var bookings = new Booking[patients];
        await Task.WhenAll(
            Enumerable
                .Range(0, Lanes)
                .Select(async lane =>
                {
                    // One lane per client and per start time, so that concurrent bookings never race for a chair.
                    using var desk = await SignIn.ApiClientAsync(_app, Roles.FrontDesk);
                    var start = sessionDay
                        .At(new LocalTime(9 + (2 * lane), 0))
                        .ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
                    for (var i = lane; i < patients; i += Lanes)
                    {
                        bookings[i] = await BookAsync(desk, clinic, i, start);
                    }
                })
        );

        var held = await UpdateAsync(
            "UPDATE scheduling.messages SET next_attempt_at = $1 WHERE state = 'Planned' "
                + "AND (kind = 'BookingConfirmation' OR plan_key = ANY($2)) RETURNING id",
            (now + Duration.FromDays(1)).ToDateTimeOffset(),
            BurstReminders
        );
        Assert.Equal(patients * 4, held.Count);
        Log(
            $"booked {patients} patients in {watch.Elapsed.TotalSeconds:F1} s: "
                + $"{held.Count} messages held back (patients' zone {_zone})"
        );
        return new Burst([.. bookings], held.ToHashSet());
    }

    /// <summary>Makes the whole burst due now, at once.</summary>
    public async Task ReleaseAsync(Burst burst)
    {
        var released = await UpdateAsync(
            "UPDATE scheduling.messages SET due_at = $1, next_attempt_at = $1 WHERE id = ANY($2) RETURNING id",
            SystemClock.Instance.GetCurrentInstant().ToDateTimeOffset(),
            burst.MessageIds.ToArray()
        );
        Assert.Equal(burst.MessageIds.Count, released.Count);
        Log($"released {released.Count} messages: due now");
    }

    /// <summary>
    /// Starts a worker process against this rig's database and fakes, and waits until its dispatcher runs; its output
    /// goes to the test's output.
    /// </summary>
    public async Task<RunningHost> StartWorkerAsync(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Scheduling"] = ConnectionString,
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__From"] = "clinic@example.test",
            ["Sms__Twilio__AccountSid"] = Twilio.AccountSid,
            ["Sms__Twilio__AuthToken"] = Twilio.AuthToken,
            ["Sms__Twilio__From"] = MessagingApp.SmsFrom,
            ["Sms__Twilio__ApiBaseUrl"] = Twilio.BaseUrl,
            ["PublicBaseUrl"] = MessagingApp.PublicBaseUrl,
            ["Messaging__Dispatch__Lease"] = Lease.ToString("c", CultureInfo.InvariantCulture),
            ["Worker__Count"] = "2",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Hangfire"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var worker = HostProcess.Start(HostProcess.WorkerHostDll, environment, line => Log($"[{name}] {line}"));
        _workers.Add(worker);
        await worker.WaitForOutputAsync(
            line => line.Contains("Application started", StringComparison.Ordinal),
            WorkerStartTimeout,
            $"{name} to start"
        );
        Log($"{name} (pid {worker.Id}) is running");
        return worker;
    }

    /// <summary>Every message row with the patient's phone number, read straight from the table.</summary>
    public async Task<IReadOnlyList<MessageRow>> MessagesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT m.id, m.kind, m.channel, m.plan_key, m.state, m.reason, m.provider_id, m.claimed_by,
                   m.appointment_id, m.subject_id, p.phone,
                   (SELECT count(*) FROM scheduling.message_attempts a
                    WHERE a.message_id = m.id AND a.outcome = 'Unknown')
            FROM scheduling.messages m JOIN scheduling.patients p ON p.id = m.patient_id
            """,
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MessageRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(
                new MessageRow(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetGuid(8),
                    reader.GetGuid(9),
                    reader.GetString(10),
                    reader.GetInt64(11)
                )
            );
        }

        return rows;
    }

    /// <summary>Attempts a provider accepted, by the process id in the worker name that made them.</summary>
    public async Task<IReadOnlyDictionary<int, int>> AcceptedAttemptsByProcessAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT split_part(worker, ':', 2)::int, "
                + "count(*)::int FROM scheduling.message_attempts WHERE outcome = 'Accepted' GROUP BY 1",
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        var attempts = new Dictionary<int, int>();
        while (await reader.ReadAsync())
        {
            attempts[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return attempts;
    }

    /// <summary>
    /// How many of the given messages are in each state; failures to reach the database count as "unreachable".
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> StatesAsync(IReadOnlyCollection<Guid> ids)
    {
        try
        {
            await using var connection = await OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT state, count(*)::int FROM scheduling.messages WHERE id = ANY($1) GROUP BY state",
                connection
            );
            command.Parameters.AddWithValue(ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            var states = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                states[reader.GetString(0)] = reader.GetInt32(1);
            }

            return states;
        }
        catch (NpgsqlException)
        {
            NpgsqlConnection.ClearAllPools();
            return new Dictionary<string, int> { ["unreachable"] = ids.Count };
        }
    }

    /// <summary>
    /// Polls until <paramref name="done"/> holds for the states of <paramref name="ids"/>; fails with the states and
    /// the workers' output on timeout.
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(
        IReadOnlyCollection<Guid> ids,
        Func<IReadOnlyDictionary<string, int>, bool> done,
        TimeSpan timeout,
        string what
    )
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<string, int> states;
        while (!done(states = await StatesAsync(ids)))
        {
            if (watch.Elapsed > timeout)
            {
                var tails = string.Join(
                    "\n",
                    _workers.Select(w => $"--- worker pid {w.Id}{(w.HasExited ? " (exited)" : "")}:\n{w.Tail(15)}")
                );
                Assert.Fail(
                    $"Not {what} within {timeout.TotalSeconds:F0} s; messages by state: {Describe(states)}.\n{tails}"
                );
            }

            await Task.Delay(20);
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// Waits until no message of <paramref name="ids"/> is Planned or Sending; returns how long it took.
    /// </summary>
    public Task<TimeSpan> WaitForDrainAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout) =>
        WaitForAsync(
            ids,
            s => !s.ContainsKey("Planned") && !s.ContainsKey("Sending") && !s.ContainsKey("unreachable"),
            timeout,
            "drained"
        );

    /// <summary>
    /// After a kill: waits until the database runs no statement for anyone but us, so that whatever the
    /// dead worker had sent has committed (or rolled back) and its claims are as it left them.
    /// </summary>
    public async Task WaitForQuietDatabaseAsync(TimeSpan timeout)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND state <> 'idle'",
            connection
        );
        var watch = Stopwatch.StartNew();
        while ((long)(await command.ExecuteScalarAsync())! > 0)
        {
            Assert.True(
                watch.Elapsed < timeout,
                $"The database still ran a statement of the killed worker after {timeout.TotalSeconds:F0} s."
            );
            await Task.Delay(20);
        }
    }

    /// <summary>What the providers took, attributed to the rows of the burst and to notices planned since.</summary>
    public ProviderLedger Providers(Burst burst, IReadOnlyList<MessageRow> rows) =>
        ProviderLedger.Read(Smtp.Received, Twilio.Messages, rows, r =>
            burst.MessageIds.Contains(r.Id)
            || r.Kind is nameof(MessageKind.CancelNotice) or nameof(MessageKind.MoveNotice)
        );

    /// <summary>
    /// Cancels one session through the API as the front desk does; returns when the request was sent and when the
    /// answer came.
    /// </summary>
    public static async Task<(DateTimeOffset Sent, DateTimeOffset Answered)> CancelAsync(
        HttpClient desk,
        Guid appointment
    )
    {
        var sent = DateTimeOffset.UtcNow;
        using var response = await desk.PostAsJsonAsync(
            new Uri($"/api/appointments/{appointment}/cancel", UriKind.Relative),
            new { reason = "Patient unwell" }
        );
        var answered = DateTimeOffset.UtcNow;
        Assert.True(
            response.IsSuccessStatusCode,
            $"Cancel {appointment}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
        );
        return (sent, answered);
    }

    public Task<HttpClient> FrontDeskAsync() => SignIn.ApiClientAsync(_app, Roles.FrontDesk);

    public void Log(string line)
    {
        try
        {
            _output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
        }
        catch (InvalidOperationException)
        {
            // A line that arrives after the test has finished has nowhere to go.
        }
    }

    public static string Describe(IReadOnlyDictionary<string, int> states) =>
        states.Count == 0
            ? "none"
            : string.Join(", ", states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await ((IAsyncLifetime)_app).DisposeAsync();
    }

    private async Task<List<Guid>> UpdateAsync(string sql, params object[] values)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<Booking> BookAsync(HttpClient desk, string clinic, int index, string start)
    {
        var phone = Phone(index);
        var patient = (
            await desk.CreatedAsync(
                "/api/patients",
                new
                {
                    clinicId = clinic,
                    firstName = "Alex",
                    lastName = $"Burst{index:D4}",
                    dateOfBirth = "1984-03-10",
                    email = $"alex.burst{index:D4}@example.com",
                    phone,
                    timeZone = _zone,
                    consent = new { email = true, sms = true },
                }
            )
        ).GetProperty("id").GetString()!;
        var series = await desk.CreatedAsync(
            "/api/series",
            new
            {
                patientId = patient,
                clinicId = clinic,
                templateCode = BuiltInTemplates.KetamineBooster,
                firstSessionStart = start,
            }
        );
        var session = series.GetProperty("sessions").EnumerateArray().Single();
        return new Booking(
            Guid.Parse(patient),
            Guid.Parse(series.GetProperty("id").GetString()!),
            Guid.Parse(session.GetProperty("id").GetString()!),
            phone
        );
    }

    private object Clinic() =>
        new
        {
            name = "Burst Infusion Clinic",
            timeZone = _zone,
            phone = "(202) 555-0100",
            chairs = ChairsPerLane,
            openingHours = Enum.GetValues<IsoDayOfWeek>()
                .Where(d => d != IsoDayOfWeek.None)
                .Select(day => new
                {
                    day = day.ToString(),
                    open = "08:00",
                    close = "18:00",
                }),
            sendingWindow = new { start = "08:00", end = "20:00" },
            onCall = new[]
            {
                new
                {
                    name = "On-call clinician",
                    email = "oncall@clinic.test",
                    phone = "+1 202 555 0199",
                },
            },
        };

    /// <summary>
    /// Fictional US numbers (555-01XX) in area codes that libphonenumber holds valid: a thousand distinct ones.
    /// </summary>
    private static string Phone(int index)
    {
        string[] areas = ["202", "212", "305", "312", "415", "503", "602", "617", "702", "713"];
        return $"+1{areas[index / 100 % areas.Length]}55501{index % 100:D2}";
    }

    /// <summary>
    /// A fixed-offset zone in which it is now between 13:00 and 14:00, far from both ends of the 08:00-20:00 window.
    /// </summary>
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

/// <summary>One patient of the burst, with the one session of their booster series.</summary>
public sealed record Booking(Guid Patient, Guid Series, Guid Appointment, string Phone);

/// <summary>The bookings and the ids of the burst's messages.</summary>
public sealed record Burst(IReadOnlyList<Booking> Bookings, IReadOnlySet<Guid> MessageIds);

/// <summary>
/// A row of scheduling.messages with the patient's phone number and how many of its attempts had an unknown outcome.
/// </summary>
public sealed record MessageRow(
    Guid Id,
    string Kind,
    string Channel,
    string PlanKey,
    string State,
    string? Reason,
    string? ProviderId,
    string? ClaimedBy,
    Guid? AppointmentId,
    Guid SubjectId,
    string Phone,
    long UnknownAttempts
)
{
    /// <summary>The process id in the claim's worker name ({machine}:{pid}:{instance}).</summary>
    public int? ClaimedByProcess =>
        ClaimedBy?.Split(':') is [_, var pid, _] && int.TryParse(pid, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
