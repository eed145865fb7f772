using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.IntegrationTests.Surveys;

namespace Scheduling.IntegrationTests.Simulation;

/// <summary>
/// Weeks of three clinics on a fake clock (docs/style.md, example 20; docs/simulation.md): the front
/// desk books, moves and cancels through the API, patients reply by SMS and answer surveys on the survey
/// page, providers fail on cue, a dispatcher dies holding claims; the real dispatcher and the recurring
/// jobs run at each step, and the invariants are checked every simulated hour. One seed, one run.
/// </summary>
public sealed partial class ClinicSimulation
{
    /// <summary>Monday 22 February 2027, 08:00 in New York: eight weeks from here cross the clock change of
    /// 14 March.</summary>
    public static readonly Instant StartAt = Instant.FromUtc(2027, 2, 22, 13, 0);

    private const string Worker = "simulated-worker";
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu-MM-dd'T'HH:mm"
    );
    private static readonly string[] Templates =
    [
        "ketamine-iv-induction",
        "esketamine-induction",
        "esketamine-maintenance",
        "ketamine-booster",
    ];

    private readonly SimulationApp _app;
    private readonly ScenarioOptions _options;
    private readonly Random _random;
    private readonly PriorityQueue<(string Label, Func<Task> Run), (Instant, long)> _actions = new();
    private readonly Instant _end;
    private readonly Duration _step;
    private readonly RecurringJobRunner _jobs;
    private readonly List<Instant> _kills = [];
    private long _sequence;
    private bool _actionsRan;
    private Instant _nextDue = Instant.MinValue;
    private Instant _claimsExpire = Instant.MaxValue;
    private int _numbers;
    private Instant? _pausedUntil;
    private HttpClient _desk = null!;
    private HttpClient _admin = null!;
    private HttpClient _clinician = null!;

    public ClinicSimulation(SimulationApp app, ScenarioOptions options)
    {
        _app = app;
        _options = options;
        _random = new Random(options.Seed);
        _end = StartAt + Duration.FromDays(7 * options.Weeks);
        _step = Duration.FromTimeSpan(options.Step);
        _jobs = new RecurringJobRunner(StartAt);
        Log = new SimulationLog(options.Seed);
        Rows = new SystemRows(
            app.Services.GetRequiredService<NpgsqlDataSource>(),
            new MessagingAppProviders(app.Smtp, app.Twilio)
        );
        Invariants = new SimulationInvariants(this);
    }

    public ClinicWorld World { get; } = new();
    public SimulationLog Log { get; }
    public SystemRows Rows { get; }
    public SimulationInvariants Invariants { get; }
    public ScenarioOptions Options => _options;
    public SimulationApp App => _app;
    public HttpClient Clinician => _clinician;
    public Instant Now => _app.Clock.GetCurrentInstant();
    public int Steps { get; private set; }

    /// <summary>Wall time spent per phase of a step, for the summary: where a slow run goes.</summary>
    public Dictionary<string, TimeSpan> Phases { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        _app.Clock.Reset(StartAt);
        _app.Twilio.SendCallbacksThrough(_app.Server.CreateHandler());
        _desk = await SignIn.ApiClientAsync(_app, Roles.FrontDesk);
        _admin = await SignIn.ApiClientAsync(_app, Roles.Admin);
        _clinician = await SignIn.ApiClientAsync(_app, Roles.Clinician);
        try
        {
            await SetUpAsync();
            var nextCheck = StartAt + Duration.FromHours(1);
            while (Now < _end)
            {
                Steps++;
                await Timed("actions", RunDueActionsAsync);
                await Timed("dispatch", async () =>
                {
                    await KillIfDueAsync();
                    if (_actionsRan || _nextDue <= Now || _claimsExpire < Now)
                    {
                        await DispatchAsync();
                    }
                });
                await Timed("jobs", async () =>
                {
                    foreach (var (id, error) in await _jobs.RunDueAsync(_app.Services, Now))
                    {
                        var kind = error is DispatchLaggingException ? "watchdog-alarm" : "job-failed";
                        Log.Add(Now, kind, $"{id}: {error.GetType().Name}");
                    }
                });
                await Timed("observe", ObserveAsync);
                if (Now >= nextCheck)
                {
                    await Timed("invariants", () => Invariants.CheckAsync(final: false));
                    nextCheck = Now + Duration.FromHours(1);
                }

                var next = Now;
                await Timed("next", async () => next = await NextInstantAsync());
                _app.Clock.Reset(next);
            }

            await ObserveAsync();
            await Invariants.CheckAsync(final: true);
        }
        finally
        {
            _desk.Dispose();
            _admin.Dispose();
            _clinician.Dispose();
        }
    }

    /// <summary>
    /// One worker's round as the dispatcher loop runs it: claims of a dead worker back to the queue, then
    /// rounds until nothing is due.
    /// </summary>
    public async Task DispatchAsync()
    {
        if (_pausedUntil is { } paused && Now < paused)
        {
            return;
        }

        try
        {
            if (_claimsExpire < Now)
            {
                await AgeAbandonedClaimsAsync();
                await _app
                    .Services.GetRequiredService<MessageQueue>()
                    .RecoverExpiredClaimsAsync(Worker, Now, CancellationToken.None);
                _claimsExpire = Instant.MaxValue;
            }

            await _app.DispatchAsync(Worker);
        }
        catch (Exception exception)
        {
            throw new InvariantBrokenException(
                Log.Failure(Now, "RoundNeverThrows", [$"A dispatch round threw {exception}"])
            );
        }
    }

    private async Task SetUpAsync()
    {
        var ketamineName = _options.ClinicWithKetamineInName;
        await AddClinicAsync(0, "Harbor Infusion Clinic", "America/New_York", "America/New_York", null);
        await AddClinicAsync(1, "Lakeside Infusion", "America/Chicago", "America/Phoenix", null);

        await AddClinicAsync(
            2,
            ketamineName ? "Ketamine Wellness Center" : "Wellness Center",
            "America/Los_Angeles",
            "America/Los_Angeles",
            ketamineName ? "Wellness Center" : null
        );
        if (ketamineName)
        {
            await ExpectRefusedAsync(
                await _admin.PostAsJsonAsync(
                    new Uri("/api/clinics", UriKind.Relative),
                    ClinicBody("Ketamine Wellness Center", "America/Los_Angeles", 0, null)
                ),
                "messageName",
                "ClinicWithKetamineInName"
            );
        }

        for (var i = 0; i < _options.Patients; i++)
        {
            var clinic = World.Clinics[i % World.Clinics.Count];
            var patient = new SimPatient(i, clinic, DateTimeZoneProviders.Tzdb[clinic.PatientZone]);
            World.Patients.Add(patient);
            var registered = BusinessTime(clinic, StartAt + Duration.FromHours(_random.Next(0, 24 * 10)));
            At(registered, $"register {patient.LastName}", () => RegisterAsync(patient));
        }

        foreach (var index in new[] { 5, 26, 47 })
        {
            World.Patients[index % World.Patients.Count].Item9Positive = true;
        }

        World.Patients[38 % World.Patients.Count].Item9Positive = true;
        World.Patients[38 % World.Patients.Count].Item9Incomplete = true;
        ScheduleFaults();
        SetUpWaitlist();
    }

    private async Task AddClinicAsync(int index, string name, string zone, string patientZone, string? messageName)
    {
        var json = await _admin.CreatedAsync("/api/clinics", ClinicBody(name, zone, index, messageName));
        var onCall = OnCallOf(index);
        var id = Guid.Parse(json.GetProperty("id").GetString()!);
        World.Clinics.Add(new SimClinic(index, id, name, zone, patientZone, onCall));
    }

    private static List<SimOnCall> OnCallOf(int clinic) =>
        [
            new($"On-call {clinic}A", $"oncall{clinic}a@clinic.test", $"+1202555{190 + (clinic * 2):D4}"),
            new($"On-call {clinic}B", $"oncall{clinic}b@clinic.test", $"+1202555{191 + (clinic * 2):D4}"),
        ];

    private static Dictionary<string, object?> ClinicBody(string name, string zone, int index, string? messageName)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["timeZone"] = zone,
            ["phone"] = "(202) 555-0100",
            ["chairs"] = 4,
            ["openingHours"] = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }
                .Select(day => new
                {
                    day,
                    open = "08:00",
                    close = "18:00",
                })
                .Append(
                    new
                    {
                        day = "Saturday",
                        open = "09:00",
                        close = "13:00",
                    }
                ),
            ["sendingWindow"] = new { start = "08:00", end = "20:00" },
            ["onCall"] = OnCallOf(index)
                .Select(c => new
                {
                    name = c.Name,
                    email = c.Email,
                    phone = c.Phone,
                }),
        };
        if (messageName is not null)
        {
            body["messageName"] = messageName;
        }

        return body;
    }

    private async Task RegisterAsync(SimPatient patient)
    {
        var phone = NewPhone();
        var email = $"{patient.LastName.ToLowerInvariant()}@example.com";
        var json = await _desk.CreatedAsync(
            "/api/patients",
            new
            {
                clinicId = patient.Clinic.Id,
                firstName = "Sam",
                lastName = patient.LastName,
                dateOfBirth = "1980-05-17",
                email,
                phone,
                consent = new { email = true, sms = true },
                timeZone = patient.Clinic.PatientZone,
            }
        );
        patient.Id = Guid.Parse(json.GetProperty("id").GetString()!);
        World.PatientsById[patient.Id] = patient;
        patient.Contacts.Add((Now, phone, email));
        Log.Add(Now, "register", $"{patient.LastName} of clinic {patient.Clinic.Index} in {patient.Zone.Id}");
        var template = (patient.Index % 20) switch
        {
            < 8 => Templates[0],
            < 13 => Templates[1],
            < 17 => Templates[2],
            _ => Templates[3],
        };
        await BookAsync(patient, template, Now + Duration.FromDays(_random.Next(2, 9)));
        SchedulePatientEvents(patient);
    }

    private async Task BookAsync(SimPatient patient, string template, Instant around)
    {
        var zone = DateTimeZoneProviders.Tzdb[patient.Clinic.ClinicZone];
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var date = around.InZone(zone).Date.PlusDays(attempt);
            if (date.DayOfWeek is IsoDayOfWeek.Sunday or IsoDayOfWeek.Saturday)
            {
                continue;
            }

            var start = date.At(new LocalTime(8, 0).PlusMinutes(30 * _random.Next(0, 13)));
            var response = await _desk.PostAsJsonAsync(
                new Uri("/api/series", UriKind.Relative),
                new
                {
                    patientId = patient.Id,
                    clinicId = patient.Clinic.Id,
                    templateCode = template,
                    firstSessionStart = LocalPattern.Format(start),
                    remsEnrollmentPending = true,
                }
            );
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Log.Add(Now, "book-refused", $"{patient.LastName} {template} {start}: {(int)response.StatusCode}");
                continue;
            }

            var series = await response.Content.ReadFromJsonAsync<JsonElement>();
            var seriesId = Guid.Parse(series.GetProperty("id").GetString()!);
            var sessions = series
                .GetProperty("sessions")
                .EnumerateArray()
                .Select(s => new SimSession(
                    Guid.Parse(s.GetProperty("id").GetString()!),
                    patient,
                    seriesId,
                    template,
                    s.GetProperty("number").GetInt32(),
                    InstantPattern.ExtendedIso.Parse(s.GetProperty("startInstant").GetString()!).Value,
                    Now
                ))
                .ToList();
            foreach (var session in sessions)
            {
                World.Sessions[session.Id] = session;
                ScheduleSessionEvents(session);
            }

            Log.Add(Now, "book", $"{patient.LastName} {template} x{sessions.Count} from {sessions[0].Start}");
            ScheduleFollowOn(patient, template, sessions[^1]);
            return;
        }
    }

    private void ScheduleFollowOn(SimPatient patient, string template, SimSession last)
    {
        var (next, after) = template switch
        {
            "ketamine-iv-induction" => ("ketamine-booster", Duration.FromDays(_random.Next(21, 29))),
            "esketamine-induction" => ("esketamine-maintenance", Duration.FromDays(_random.Next(3, 8))),
            "esketamine-maintenance" => ("esketamine-maintenance", Duration.FromDays(_random.Next(6, 9))),
            _ => ("ketamine-booster", Duration.FromDays(_random.Next(28, 43))),
        };
        if (last.Start + after < _end)
        {
            At(last.Start + Duration.FromHours(3), $"follow-on {patient.LastName}", () =>
                BookAsync(patient, next, last.Start + after)
            );
        }
    }

    private void ScheduleSessionEvents(SimSession session)
    {
        var roll = _random.NextDouble();
        var lead = session.Start - Now;
        if (_options.Cancellations && roll < 0.04 && lead > Duration.FromHours(6))
        {
            var at = Between(Now + Duration.FromHours(1), session.Start - Duration.FromHours(3));
            At(at, "cancel", () => CancelAsync(session));
        }
        else if (_options.Moves && roll < 0.11 && lead > Duration.FromHours(30))
        {
            var days = new[] { 1, 2, -1, 7 }[_random.Next(4)];
            var at = Between(Now + Duration.FromHours(1), session.Start - Duration.FromHours(27));
            At(at, "move", () => MoveAsync(session, days));
        }

        // The front desk marks every no-show; completed visits only at one in three patients, to spare wall time.
        var noShow = _options.NoShows && _random.NextDouble() < 0.05;
        if (!noShow && session.Patient.Index % 3 != 0)
        {
            return;
        }

        At(session.Start + Duration.FromMinutes(noShow ? 30 : 100), "session-end", () =>
            EndSessionAsync(session, noShow)
        );
    }

    private async Task CancelAsync(SimSession session)
    {
        if (session.CancelledAt is not null || session.Start <= Now + Duration.FromHours(2))
        {
            return;
        }

        var path = $"/api/appointments/{session.Id}/cancel";
        using var response = await PostAsync(_desk, path, new { reason = "Unwell" });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            session.CancelledAt = Now;
        }

        Log.Add(
            Now,
            "cancel",
            $"{session.Patient.LastName} session {session.Number} of {session.Start}: {(int)response.StatusCode}"
        );
    }

    private async Task MoveAsync(SimSession session, int days)
    {
        if (session.CancelledAt is not null || session.Start - Now < Duration.FromHours(26))
        {
            return;
        }

        var zone = DateTimeZoneProviders.Tzdb[session.Patient.Clinic.ClinicZone];
        var to = session.Start.InZone(zone).LocalDateTime.PlusDays(days);
        using var response = await PostAsync(
            _desk,
            $"/api/appointments/{session.Id}/reschedule",
            new { start = LocalPattern.Format(to) }
        );
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
            var start = moved.GetProperty("startInstant").GetString()!;
            session.Starts.Add((Now, InstantPattern.ExtendedIso.Parse(start).Value));
        }

        Log.Add(
            Now,
            response.StatusCode == HttpStatusCode.OK ? "move" : "move-refused",
            $"{session.Patient.LastName} session {session.Number} by {days} day(s): {(int)response.StatusCode}"
        );
    }

    private async Task EndSessionAsync(SimSession session, bool noShow)
    {
        if (session.CancelledAt is not null)
        {
            return;
        }

        var due = session.Start + Duration.FromMinutes(noShow ? 30 : 100);
        if (due > Now)
        {
            At(due, "session-end", () => EndSessionAsync(session, noShow));
            return;
        }

        var status = noShow ? "NoShow" : "Completed";
        if (!noShow)
        {
            var path = $"/api/appointments/{session.Id}/status";
            using var arrived = await PostAsync(_desk, path, new { status = "Arrived" });
        }

        using var response = await PostAsync(_desk, $"/api/appointments/{session.Id}/status", new { status });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            if (noShow)
            {
                session.NoShowAt = Now;
            }
            else
            {
                session.CompletedAt = Now;
            }
        }

        Log.Add(
            Now,
            noShow ? "no-show" : "completed",
            $"{session.Patient.LastName} session {session.Number}: {(int)response.StatusCode}"
        );
    }

    private void SchedulePatientEvents(SimPatient patient)
    {
        if (_options.OptOutAndBackIn && patient.Index % 9 == 4)
        {
            var stop = Between(Now + Duration.FromDays(3), Now + Duration.FromDays(20));
            At(stop, "stop", () => KeywordAsync(patient, "STOP"));
            if (patient.Index % 2 == 0)
            {
                At(stop + Duration.FromHours(_random.Next(30, 150)), "start", () => KeywordAsync(patient, "START"));
            }
        }

        if (_options.CorrectedContacts && patient.Index % 7 == 3)
        {
            At(Between(Now + Duration.FromDays(2), _end - Duration.FromDays(3)), "new-contact", () =>
                CorrectAsync(patient, phone: true, email: patient.Index % 2 == 1)
            );
        }

        if (_options.PermanentRefusals && patient.Index % 13 == 6)
        {
            // The number the front desk typed reaches nobody: refused for good until corrected.
            if (patient.Index % 2 == 0)
            {
                _app.Twilio.FailRecipient(patient.Phone, TwilioFailure.InvalidTo);
            }
            else
            {
                _app.Smtp.FailRecipient(patient.Email, SmtpFailure.MailboxUnavailable);
            }

            patient.RefusedContacts.Add(patient.Index % 2 == 0 ? patient.Phone : patient.Email);
            At(Now + Duration.FromHours(_random.Next(30, 100)), "correct-contact", () =>
                CorrectAsync(patient, phone: patient.Index % 2 == 0, email: patient.Index % 2 == 1)
            );
        }

        if (_options.MalformedContacts && patient.Index % 17 == 2)
        {
            At(Between(Now + Duration.FromDays(1), Now + Duration.FromDays(10)), "malformed-contact", () =>
                MalformedContactAsync(patient)
            );
        }

        if (_options.MalformedRowsFailAlone && patient.Index % 29 == 11)
        {
            At(Between(Now + Duration.FromDays(1), Now + Duration.FromDays(10)), "malformed-row", () =>
                MalformedRowAsync(patient)
            );
        }
    }

    private async Task KeywordAsync(SimPatient patient, string word)
    {
        var response = await ReplyAsync(patient, word);
        if (response == HttpStatusCode.OK)
        {
            patient.SmsConsent.Add((Now, word == "START"));
        }

        Log.Add(Now, word.ToLowerInvariant(), $"{patient.LastName}: {(int)response}");
    }

    private async Task<HttpStatusCode> ReplyAsync(SimPatient patient, string body)
    {
        using var response = await _app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new Dictionary<string, string>
            {
                ["MessageSid"] = $"SM{_random.Next():x8}{_random.Next():x8}{_random.Next():x8}{_random.Next():x8}",
                ["AccountSid"] = FakeTwilioServer.DefaultAccountSid,
                ["From"] = patient.Phone,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = body,
            }
        );
        return response.StatusCode;
    }

    private async Task CorrectAsync(SimPatient patient, bool phone, bool email)
    {
        var newPhone = phone ? NewPhone() : patient.Phone;
        var newEmail = email ? $"{patient.LastName.ToLowerInvariant()}.{_numbers++}@example.org" : patient.Email;
        var status = await PutContactAsync(patient, newPhone, newEmail);
        if (status == HttpStatusCode.OK)
        {
            patient.Contacts.Add((Now, newPhone, newEmail));
        }

        Log.Add(Now, "contact-corrected", $"{patient.LastName} phone={phone} email={email}: {(int)status}");
    }

    private async Task<HttpStatusCode> PutContactAsync(SimPatient patient, string phone, string email)
    {
        var current = await _desk.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/patients/{patient.Id}", UriKind.Relative)
        );
        var consent = current.GetProperty("consent");
        using var response = await _desk.PutAsJsonAsync(
            new Uri($"/api/patients/{patient.Id}", UriKind.Relative),
            new
            {
                firstName = "Sam",
                lastName = patient.LastName,
                dateOfBirth = "1980-05-17",
                email,
                phone,
                consent = new
                {
                    email = consent.GetProperty("email").GetBoolean(),
                    sms = consent.GetProperty("sms").GetBoolean(),
                },
            }
        );
        return response.StatusCode;
    }

    private async Task MalformedContactAsync(SimPatient patient)
    {
        var malformed = new[] { ("email", patient.Phone, "jane(@example.com"), ("phone", "+1 555", patient.Email) };
        foreach (var (field, phone, email) in malformed)
        {
            var status = await PutContactAsync(patient, phone, email);
            Log.Add(Now, "malformed-contact", $"{patient.LastName} {field}: {(int)status}");
            if (status != HttpStatusCode.BadRequest)
            {
                throw new InvariantBrokenException(
                    Log.Failure(
                        Now,
                        "MalformedContactsRefused",
                        [$"PUT /api/patients/{patient.Id} with a malformed {field} answered {(int)status}, not 400"]
                    )
                );
            }
        }
    }

    /// <summary>
    /// A row saved before contacts were checked at save: its messages must fail alone, with a reason and a
    /// work item.
    /// </summary>
    private async Task MalformedRowAsync(SimPatient patient)
    {
        await using (
            var command = _app
                .Services.GetRequiredService<NpgsqlDataSource>()
                .CreateCommand("UPDATE scheduling.patients SET email = 'jane(@example.com' WHERE id = $1")
        )
        {
            command.Parameters.AddWithValue(patient.Id);
            await command.ExecuteNonQueryAsync();
        }

        patient.Contacts.Add((Now, patient.Phone, "jane(@example.com"));
        Log.Add(Now, "malformed-row", patient.LastName);
        At(Now + Duration.FromDays(7), "correct-contact", () => CorrectAsync(patient, phone: false, email: true));
    }

    private void ScheduleFaults()
    {
        if (_options.ProviderOutages)
        {
            for (var i = 0; i < 3; i++)
            {
                var provider = i % 2 == 0 ? "sms" : "email";
                var window = Between(
                    StartAt + Duration.FromDays(4 + (i * 14)),
                    StartAt + Duration.FromDays(14 + (i * 14))
                );
                var from = BusinessTime(World.Clinics[0], window);
                var to = from + Duration.FromMinutes(_random.Next(30, 150));
                if (to >= _end)
                {
                    continue;
                }

                World.Outages.Add((provider, from, to));
                At(from, "outage", () => OutageAsync(provider, true));
                At(to, "outage-over", () => OutageAsync(provider, false));
            }
        }

        if (_options.KilledDispatcher)
        {
            for (var i = 0; i < 3; i++)
            {
                var at = Between(StartAt + Duration.FromDays(3), _end - Duration.FromDays(1));
                _kills.Add(BusinessTime(World.Clinics[i % 3], at));
            }

            _kills.Sort();
        }

        if (_options.DroppedAndStalledHandovers)
        {
            var at = Between(StartAt + Duration.FromDays(5), _end - Duration.FromDays(2));
            At(at, "handover-faults", HandoverFaultsAsync);
        }
    }

    private Task OutageAsync(string provider, bool down)
    {
        var failure = _random.Next(2);
        if (provider == "sms")
        {
            _app.Twilio.Outage = down
                ? (failure == 0 ? TwilioFailure.ServerError : TwilioFailure.TooManyRequests)
                : null;
        }
        else
        {
            _app.Smtp.Outage = down
                ? (failure == 0 ? SmtpFailure.TemporaryAtRecipient : SmtpFailure.ServiceNotAvailableAtMail)
                : null;
        }

        Log.Add(Now, down ? "outage" : "outage-over", provider);
        return Task.CompletedTask;
    }

    /// <summary>
    /// One email dropped after DATA, one stalled past the SMTP timeout, one SMS whose answer never comes:
    /// outcomes unknown.
    /// </summary>
    private Task HandoverFaultsAsync()
    {
        var registered = World.Patients.Where(p => p.Contacts.Count > 0).ToList();
        SimPatient Any() => registered[_random.Next(registered.Count)];
        var (dropped, stalled, cut) = (Any(), Any(), Any());
        _app.Smtp.FailRecipient(dropped.Email, SmtpFailure.DropAfterData);
        _app.Smtp.StallRecipient(stalled.Email, SimulationApp.SmtpTimeout * 1.5);
        _app.Twilio.FailRecipient(cut.Phone, TwilioFailure.DropConnection);
        World.Outages.Add(("email-handover", Now, Now + Duration.FromDays(2)));
        World.Outages.Add(("sms-handover", Now, Now + Duration.FromDays(2)));
        Log.Add(Now, "handover-faults", $"drop {dropped.LastName}, stall {stalled.LastName}, cut {cut.LastName}");
        At(Now + Duration.FromDays(2), "handover-healed", () =>
        {
            _app.Smtp.Heal(dropped.Email);
            _app.Smtp.Heal(stalled.Email);
            if (!cut.RefusedContacts.Contains(cut.Phone))
            {
                _app.Twilio.Heal(cut.Phone);
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Leases run on the database's clock, which does not follow the simulated one: once a dead worker's lease
    /// has run out in simulated time, its claims are aged on the database's clock to match.
    /// </summary>
    internal async Task AgeAbandonedClaimsAsync()
    {
        await using var age = _app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                "UPDATE scheduling.messages SET claimed_until = now() - interval '1 second' "
                    + "WHERE state = 'Sending' AND claimed_by LIKE 'killed-%'"
            );
        await age.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A worker claims a batch and dies: its claims stay Sending until the lease runs out and another worker
    /// recovers them.
    /// </summary>
    private async Task KillIfDueAsync()
    {
        if (_kills.Count == 0 || Now < _kills[0] || (_pausedUntil is { } paused && Now < paused))
        {
            return;
        }

        var lease = Duration.FromTimeSpan(
            _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value.Lease
        );
        var claimed = await _app
            .Services.GetRequiredService<MessageQueue>()
            .ClaimAsync($"killed-{_kills.Count}", Now, lease, 40, CancellationToken.None);
        if (claimed.Count == 0)
        {
            return;
        }

        _kills.RemoveAt(0);
        _claimsExpire = Now + lease;
        _pausedUntil = Now + _step;
        World.DeadDispatcher.Add((Now, Now + _step));
        Log.Add(Now, "dispatcher-killed", $"{claimed.Count} claim(s) abandoned, lease {lease}");
        if (_options.DispatcherHeartbeat)
        {
            await Invariants.ReadinessWhileDeadAsync(lease);
        }
    }

    private async Task ObserveAsync()
    {
        // Sent in parallel, taken in any order: reacted to in a fixed one, so that the seed decides alone.
        var (taken, takenEmails) = Rows.Observe(Now);
        var sms = taken.OrderBy(m => m.To, StringComparer.Ordinal).ThenBy(m => m.Form["Body"], StringComparer.Ordinal);
        var emails = takenEmails
            .OrderBy(e => string.Join(",", e.To), StringComparer.Ordinal)
            .ThenBy(e => e.Message.Subject, StringComparer.Ordinal);
        foreach (var message in sms)
        {
            Log.Add(Now, "sms-accepted", $"{message.Sid[..10]} to {message.To}");
            // Twilio reports on every message; a sample of the "delivered" ones is enough, and spares wall time.
            var undelivered = _options.UndeliveredCallbacks && _random.NextDouble() < 0.03;
            var sid = message.Sid;
            if (undelivered || _random.NextDouble() < 0.2)
            {
                At(Now + Duration.FromMinutes(_random.Next(1, 4)), "status-callback", async () =>
                {
                    var status = undelivered ? "undelivered" : "delivered";
                    var answers = await _app.Twilio.SendStatusCallbacksAsync(sid, status);
                    Log.Add(Now, status, $"{sid[..10]}: {string.Join(",", answers)}");
                });
            }

            if (World.PatientByPhoneAt(message.To, Now) is { } patient)
            {
                ReactToSms(patient, message.Form["Body"]);
            }
        }

        foreach (var email in emails)
        {
            Log.Add(Now, "email-accepted", $"{email.Message.MessageId} to {string.Join(",", email.To)}");
            var patient = World.Patients.FirstOrDefault(p =>
                email.To.Contains(p.EmailAt(Now) ?? "-", StringComparer.OrdinalIgnoreCase)
            );
            if (
                patient is not null
                && SurveyPage.TokenIn(email.Message.TextBody ?? "") is { } token
                && !patient.SmsAllowedAt(Now)
            )
            {
                ScheduleAnswer(patient, token);
            }
        }
    }

    private void ReactToSms(SimPatient patient, string body)
    {
        if (ReactToOffer(patient, body))
        {
            return;
        }

        if (SurveyPage.TokenIn(body) is { } token)
        {
            ScheduleAnswer(patient, token);
            return;
        }

        if (!_options.ConfirmAndCallBackReplies)
        {
            return;
        }

        var roll = _random.NextDouble();
        var reply =
            body.Contains("tomorrow", StringComparison.OrdinalIgnoreCase)
                ? (
                    roll < 0.6 ? "YES"
                    : roll < 0.65 ? "NO"
                    : null
                )
            : roll < 0.25 ? "C"
            : roll < 0.29 ? "R"
            : null;
        if (reply is not null)
        {
            At(Now + Duration.FromMinutes(_random.Next(5, 90)), "reply", async () =>
            {
                var status = await ReplyAsync(patient, reply);
                Log.Add(Now, "reply-" + reply, $"{patient.LastName}: {(int)status}");
                if (reply == "R")
                {
                    await Invariants.CallBackOpenAsync(patient);
                }
            });
        }
    }

    private void ScheduleAnswer(SimPatient patient, string token)
    {
        if (_random.NextDouble() < 0.25)
        {
            return;
        }

        At(Now + Duration.FromMinutes(_random.Next(20, 600)), "survey-answer", () => AnswerAsync(patient, token));
    }

    private async Task AnswerAsync(SimPatient patient, string token)
    {
        using var phone = _app.CreateBrowser();
        var (opened, page) = await SurveyPage.GetAsync(phone, token);
        if (opened.StatusCode != HttpStatusCode.OK)
        {
            Log.Add(Now, "survey-link-closed", $"{patient.LastName}: {(int)opened.StatusCode}");
            return;
        }

        var options = RadioField()
            .Matches(page)
            .GroupBy(m => m.Groups["item"].Value, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(m => int.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).Order().ToList(),
                StringComparer.Ordinal
            );
        var items = options.Keys.ToList();
        var isPhq9 = items.Contains("9") && !items.Contains("10") && !items.Contains("mood");
        var item9 =
            isPhq9 && patient.Item9Positive && World.Item9Answers.Count(a => a.Patient == patient) < 2
                ? _random.Next(1, 4)
                : 0;

        // The lowest answer everywhere (no symptom), a fair mood, and item 9 as the patient means it.
        var answers = options.ToDictionary(
            o => o.Key,
            o => o.Key == "mood" ? o.Value[^1] - _random.Next(0, 4) : o.Value[0],
            StringComparer.Ordinal
        );
        if (isPhq9)
        {
            answers["9"] = item9;
        }
        var incomplete = item9 > 0 && patient.Item9Incomplete;
        if (incomplete)
        {
            answers.Remove("3");
        }

        var (answered, thanks) = await SurveyPage.PostAsync(phone, token, answers, SurveyPage.AntiforgeryIn(page));
        Log.Add(
            Now,
            item9 > 0 ? "item9-positive" : "survey-answered",
            $"{patient.LastName} {items.Count} item(s){(incomplete ? ", one left blank" : "")}: "
                + $"{(int)answered.StatusCode}"
        );
        if (item9 > 0)
        {
            var crisis = thanks.Contains("988", StringComparison.Ordinal);
            var minutes = _random.NextDouble() < 0.5 ? _random.Next(2, 9) : _random.Next(25, 61);
            var acknowledge = Now + Duration.FromMinutes(minutes);
            var answer = new Item9Answer(patient, Now, !incomplete, acknowledge);
            World.Item9Answers.Add(answer);
            await Invariants.AlertRaisedAsync(answer, token, crisis);
            await DispatchAsync();
            await ObserveAsync();
            At(acknowledge, "acknowledge", () => AcknowledgeAsync(answer));
        }
    }

    private async Task AcknowledgeAsync(Item9Answer answer)
    {
        if (answer.AlertId is not { } alert)
        {
            return;
        }

        using var response = await PostAsync(_clinician, $"/api/alerts/{alert}/acknowledge", new { note = "Called." });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            answer.AcknowledgedAt = Now;
        }

        Log.Add(Now, "acknowledged", $"alert of {answer.Patient.LastName}: {(int)response.StatusCode}");
    }

    private async Task ExpectRefusedAsync(HttpResponseMessage response, string field, string invariant)
    {
        using var _ = response;
        var body = await response.Content.ReadAsStringAsync();
        if (
            response.StatusCode != HttpStatusCode.BadRequest
            || !body.Contains($"\"{field}\"", StringComparison.Ordinal)
        )
        {
            throw new InvariantBrokenException(
                Log.Failure(
                    Now,
                    invariant,
                    [$"expected 400 with errors.{field}, got {(int)response.StatusCode} {body}"]
                )
            );
        }
    }

    private async Task RunDueActionsAsync()
    {
        _actionsRan = false;
        while (_actions.TryPeek(out var action, out var when) && when.Item1 <= Now)
        {
            _actions.Dequeue();
            if (_pausedUntil is { } paused && Now < paused && action.Label == "survey-answer")
            {
                At(paused, action.Label, action.Run);
                continue;
            }

            await action.Run();
            _actionsRan = true;
        }
    }

    private async Task<Instant> NextInstantAsync()
    {
        var sinceStart = (Now - StartAt).BclCompatibleTicks % Duration.FromHours(1).BclCompatibleTicks;
        var candidates = new List<Instant> { _end, Now + Duration.FromHours(1) - Duration.FromTicks(sinceStart) };
        if (_actions.TryPeek(out _, out var next))
        {
            candidates.Add(next.Item1);
        }

        if (_kills.Count > 0)
        {
            candidates.Add(Instant.Max(_kills[0], Now));
        }

        if (_pausedUntil is { } paused && paused > Now)
        {
            candidates.Add(paused);
        }

        // An open self-harm alert is paged again by a job that runs every minute: time runs step by step
        // until its acknowledgement is due, so the job meets every moment a page is due.
        if (World.Item9Answers.Any(a => a.AlertId is not null && a.AcknowledgedAt is null && a.AcknowledgeAt >= Now))
        {
            candidates.Add(Now + _step);
        }

        await using var command = _app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                """
                SELECT (SELECT min(next_attempt_at) FROM scheduling.messages WHERE state = 'Planned'),
                       (SELECT min(claimed_until) FROM scheduling.messages WHERE state = 'Sending')
                """
            );
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            _nextDue = reader.IsDBNull(0) ? Instant.MaxValue : reader.GetFieldValue<Instant>(0);
        }

        var expiry = _claimsExpire == Instant.MaxValue ? Instant.MaxValue : _claimsExpire + Duration.FromTicks(1);
        candidates.Add(Instant.Min(_nextDue, expiry));

        // On the grid of steps, and always at least one step on.
        var target = Instant.Max(candidates.Min(), Now + _step);
        var steps = (long)Math.Ceiling((target - StartAt).TotalTicks / _step.TotalTicks);
        return StartAt + (_step * steps);
    }

    private async Task Timed(string phase, Func<Task> run)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await run();
        Phases[phase] = Phases.GetValueOrDefault(phase) + System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    private void At(Instant when, string label, Func<Task> run) => _actions.Enqueue((label, run), (when, _sequence++));

    private Instant Between(Instant from, Instant to) =>
        to <= from ? from : from + Duration.FromMinutes(_random.NextInt64(0, (long)(to - from).TotalMinutes));

    /// <summary>The next instant from this one that falls on a weekday between 09:00 and 16:00 at the clinic.</summary>
    private Instant BusinessTime(SimClinic clinic, Instant from)
    {
        var zone = DateTimeZoneProviders.Tzdb[clinic.ClinicZone];
        var local = from.InZone(zone).LocalDateTime;
        while (local.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday || local.Hour < 9 || local.Hour >= 16)
        {
            local =
                local.Hour >= 16 || local.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday
                    ? local.Date.PlusDays(1).At(new LocalTime(9, _random.Next(0, 60)))
                    : local.Date.At(new LocalTime(9, _random.Next(0, 60)));
        }

        return local.InZoneLeniently(zone).ToInstant();
    }

    private string NewPhone() => $"+1202555{2000 + _numbers++:D4}";

    [GeneratedRegex("name=\"q_(?<item>[^\"]+)\" value=\"(?<value>[0-9]+)\"")]
    private static partial Regex RadioField();
}
