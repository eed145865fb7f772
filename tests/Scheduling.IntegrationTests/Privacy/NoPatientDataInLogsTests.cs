using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.IntegrationTests.Surveys;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Privacy;

/// <summary>
/// docs/domain.md, "Security and privacy": logs carry ids only. A clinic's week runs through the real web
/// host with its worker (Hangfire and the dispatcher), real SMTP and the Twilio SDK against the fake Twilio
/// server, with patients whose names, numbers, emails, birth dates and answers are distinctive; every entry
/// the host logs at every level (message, structured values, scopes, exceptions) is kept and scanned for
/// them. One hit fails the test, which prints the offending entries with the patient data masked.
/// </summary>
public sealed partial class NoPatientDataInLogsTests(
    NoPatientDataInLogsTests.LoggedClinic app,
    ITestOutputHelper output
) : IClassFixture<NoPatientDataInLogsTests.LoggedClinic>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly Person Zebulon = new(
        "Zebulon",
        "Quillfeather",
        "1979-04-23",
        "zebulon.quillfeather@example.com",
        "(202) 555-0147"
    );
    private static readonly Person Philomena = new(
        "Philomena",
        "Thistlewood",
        "1983-09-17",
        "philomena.thistlewood@example.org",
        "202.555.0163"
    );
    private static readonly Person Cornelius = new(
        "Cornelius",
        "Wrenfield",
        "1991-12-02",
        "cornelius.wrenfield@example.net",
        "202-555-0178"
    );

    /// <summary>
    /// What the patient wrote where a number was asked for: kept with the alert, shown to the clinician, never logged.
    /// </summary>
    private const string AnswerText = "Saffronella lighthouse dread";

    /// <summary>An address MimeKit cannot read, as rows written before the strict check may still hold.</summary>
    private const string MalformedEmail = "cornelius wrenfield@@example..net";

    [Fact]
    public async Task AClinicsWeek_WritesNoPatientDataToAnyLogEntry()
    {
        app.Clock.Reset(MorningInNewYork);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = (await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(chairs: 3)))
            .GetProperty("id")
            .GetString()!;
        var booked = await RegisterAsync(admin, clinic, Zebulon);
        var refused = await RegisterAsync(admin, clinic, Philomena);
        var unreadable = await RegisterAsync(admin, clinic, Cornelius);
        app.Smtp.FailRecipient(Philomena.Email, SmtpFailure.MailboxUnavailable);
        app.Twilio.FailRecipient(Philomena.E164, TwilioFailure.InvalidTo);
        await ExecuteAsync(
            "UPDATE scheduling.patients SET email = @email WHERE id = @id",
            ("email", MalformedEmail),
            ("id", unreadable)
        );
        await admin.PostAsync(
            new Uri("/api/patients", UriKind.Relative),
            new StringContent(
                $$"""
                {"clinicId": "{{clinic}}", "firstName": "{{Zebulon.First}}", "email": "{{Zebulon.Email}}",
                 "dateOfBirth": {{Zebulon.Birth}}}
                """,
                Encoding.UTF8,
                "application/json"
            )
        );
        await admin.PostAsJsonAsync(
            new Uri("/api/patients", UriKind.Relative),
            new
            {
                clinicId = clinic,
                firstName = Zebulon.First,
                lastName = Zebulon.Last,
                dateOfBirth = "23/04/1979",
                email = "zebulon quillfeather@@example",
                phone = "+1 (202) 555-01",
                consent = new { email = true, sms = true },
            }
        );

        foreach (
            var (patient, start) in new[]
            {
                (booked, "2026-12-07T09:00"),
                (refused, "2026-12-07T11:00"),
                (unreadable, "2026-12-07T13:00"),
            }
        )
        {
            await admin.CreatedAsync(
                "/api/series",
                new
                {
                    patientId = patient,
                    clinicId = clinic,
                    templateCode = BuiltInTemplates.KetamineIvInduction,
                    firstSessionStart = start,
                }
            );
        }

        // Booking confirmations: sent to Zebulon, refused for Philomena (SMTP 550, Twilio 21211), unreadable for
        // Cornelius.
        var confirmation = await EventuallyAsync(() => MessageAsync(booked, Channel.Sms, MessageState.Sent));
        await EventuallyAsync(() => MessageAsync(booked, Channel.Email, MessageState.Sent));
        await EventuallyAsync(() => MessageAsync(refused, Channel.Email, MessageState.Failed));
        await EventuallyAsync(() => MessageAsync(refused, Channel.Sms, MessageState.Failed));
        var invalid = await EventuallyAsync(() => MessageAsync(unreadable, Channel.Email, MessageState.Failed));
        Assert.Equal(MessageReason.InvalidAddress.Name, invalid.Reason);

        // Twilio's delivery callbacks: delivered for Zebulon, undelivered for Cornelius (a fallback by email follows).
        app.Twilio.SendCallbacksThrough(app.Server.CreateHandler());
        Assert.All(await app.Twilio.SendStatusCallbacksAsync(confirmation.ProviderId!, "sent", "delivered"), status =>
            Assert.InRange(status, 200, 299)
        );
        var unreadableSms = await EventuallyAsync(() => MessageAsync(unreadable, Channel.Sms, MessageState.Sent));
        Assert.All(await app.Twilio.SendStatusCallbacksAsync(unreadableSms.ProviderId!, "undelivered"), status =>
            Assert.InRange(status, 200, 299)
        );

        // Zebulon replies R (call me back), then answers the baseline PHQ-9 with item 9 above 0 and words of his own.
        var reply = await app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new Dictionary<string, string>
            {
                ["MessageSid"] = $"SM{Guid.NewGuid():N}",
                ["AccountSid"] = FakeTwilioServer.DefaultAccountSid,
                ["From"] = Zebulon.E164,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = "R",
            }
        );
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var baseline = await DbAsync(db =>
            db.Surveys.AsNoTracking()
                .SingleAsync(s =>
                    s.PatientId == booked && s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline
                )
        );
        app.Clock.Reset(baseline.DueAt);
        var invitation = await EventuallyAsync(() =>
            DbAsync(db =>
                db.Messages.AsNoTracking()
                    .SingleOrDefaultAsync(m =>
                        m.SurveyId == baseline.Id && m.Channel == Channel.Sms && m.State == MessageState.Sent
                    )
            )
        );
        var token = SurveyPage.TokenIn(app.Twilio.Messages.Single(m => m.Sid == invitation.ProviderId).Form["Body"]);
        Assert.NotNull(token);
        using var phone = app.CreateBrowser();
        var (_, form) = await SurveyPage.GetAsync(phone, token);
        var answers = SurveyPage
            .Phq9(item9: 2)
            .ToDictionary(a => "q_" + a.Key, a => a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        answers["q_1"] = AnswerText;
        answers["__RequestVerificationToken"] = SurveyPage.AntiforgeryIn(form);
        using (var content = new FormUrlEncodedContent(answers))
        {
            // Sent back for the answer that is not a number (400), and the alert raised all the same.
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await phone.PostAsync(new Uri($"/s/{token}", UriKind.Relative), content)).StatusCode
            );
        }

        var alert = await EventuallyAsync(() =>
            DbAsync(db => db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.PatientId == booked))
        );
        await EventuallyAsync(() =>
            Task.FromResult(
                app.Twilio.Messages.FirstOrDefault(m =>
                    m.Form["Body"].Contains(alert!.Id.ToString(), StringComparison.Ordinal)
                )
            )
        );

        // The front desk and the clinician read what the system holds about him, on the API and on the dashboard.
        var reads = new[]
        {
            $"/api/patients?query={Zebulon.Last}",
            $"/api/patients?query={Uri.EscapeDataString(Zebulon.Email)}",
            $"/api/patients?query={Uri.EscapeDataString(Zebulon.Typed)}",
            $"/api/patients/{booked}",
            $"/api/patients/{booked}/messages",
            $"/api/patients/{booked}/surveys",
            $"/api/patients/{refused}/messages",
            $"/api/patients/{unreadable}/messages",
            "/api/alerts",
            $"/api/alerts/{alert!.Id}",
            "/api/work-items?list=callbacks",
            "/api/work-items?list=messages",
            $"/api/appointments?from=2026-12-07&to=2026-12-13&clinicId={clinic}",
        };
        foreach (var read in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri(read, UriKind.Relative))).StatusCode);
        }

        using var browser = await SignIn.BrowserAsync(app, Roles.Admin);
        var pages = new[]
        {
            $"/patients?q={Zebulon.Last}",
            $"/patients?q={Uri.EscapeDataString(Zebulon.Typed)}",
            $"/patients/{booked}",
            $"/patients/{booked}/edit",
            $"/patients/{refused}",
            $"/patients/{unreadable}",
            "/alerts",
            $"/alerts/{alert.Id}",
            $"/today?clinicId={clinic}&date=2026-12-07",
            $"/today/week?clinicId={clinic}&date=2026-12-07",
            $"/worklists?clinicId={clinic}",
            $"/settings/audit?Ask.PatientId={booked}",
        };
        foreach (var page in pages)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
        }

        var entries = app.Logs.Entries;
        output.WriteLine(
            $"{entries.Count} log entries scanned, "
                + $"{entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Trace)} at Trace, by category:"
        );
        foreach (var category in entries.GroupBy(e => e.Category.Split('.')[0]).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {category.Key}: {category.Count()}");
        }

        Assert.True(entries.Count > 1000, $"Only {entries.Count} entries: is the capture at Trace?");
        Assert.Contains(entries, e => e.Text.Contains("/patients?[redacted]", StringComparison.Ordinal));
        var leaks = Scan(entries, token).ToList();
        Assert.True(
            leaks.Count == 0,
            $"{leaks.Count} log entries carry patient data:\n{string.Join("\n", leaks.Take(40))}"
        );
    }

    /// <summary>Each entry that carries any of the patients' data, with that data masked by what it was.</summary>
    private static IEnumerable<string> Scan(IEnumerable<CapturedLog> entries, string survey)
    {
        var patterns = new[] { Zebulon, Philomena, Cornelius }
            .SelectMany(p => p.Patterns())
            .Append((Label: "answer", Value: AnswerText))
            .Append((Label: "email", Value: MalformedEmail))
            .Append((Label: "answer", Value: "Saffronella"))
            .Append((Label: "survey link", Value: survey))
            .Select(p =>
                (
                    p.Label,
                    Pattern: new Regex(
                        p.Value.Length > 0 && char.IsDigit(p.Value[0])
                            ? $"(?<![0-9]){Regex.Escape(p.Value)}(?![0-9])"
                            : Regex.Escape(p.Value),
                        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
                    )
                )
            )
            .ToList();
        foreach (var entry in entries)
        {
            var masked = patterns.Aggregate(entry.Text, (text, p) => p.Pattern.Replace(text, $"[{p.Label}]"));
            if (!string.Equals(masked, entry.Text, StringComparison.Ordinal))
            {
                yield return masked.Length > 2000 ? masked[..2000] + " …" : masked;
            }
        }
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string clinic, Person person) => (
            await client.CreatedAsync(
                "/api/patients",
                new
                {
                    clinicId = clinic,
                    firstName = person.First,
                    lastName = person.Last,
                    dateOfBirth = person.Birth,
                    email = person.Email,
                    phone = person.Typed,
                    consent = new { email = true, sms = true },
                }
            )
        ).GetProperty("id").GetGuid();

    private Task<PlannedMessage?> MessageAsync(Guid patient, Channel channel, MessageState state) =>
        DbAsync(db =>
            db.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m =>
                    m.PatientId == patient
                    && m.Channel == channel
                    && m.Kind == MessageKind.BookingConfirmation
                    && m.State == state
                )
        );

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls until the probe finds something, for at most <see cref="Patience"/>.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(waited.Elapsed < Patience, $"Nothing after {Patience.TotalSeconds} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>A patient as the front desk types them in; the phone as typed and in E.164.</summary>
    private sealed record Person(string First, string Last, string Birth, string Email, string Typed)
    {
        public string Digits => new([.. Typed.Where(char.IsDigit)]);

        public string E164 => "+1" + Digits;

        public IEnumerable<(string Label, string Value)> Patterns()
        {
            var birth = LocalDateParts().Match(Birth);
            var (year, month, day) = (birth.Groups["y"].Value, birth.Groups["m"].Value, birth.Groups["d"].Value);
            return
            [
                ("name", First),
                ("name", Last),
                ("email", Email),
                ("email", Email.Split('@')[0]),
                ("phone", Typed),
                ("phone", E164),
                ("phone", Digits),
                ("phone", Uri.EscapeDataString(E164)),
                ("phone", $"{Digits[..3]}-{Digits[3..6]}-{Digits[6..]}"),
                ("phone", $"{Digits[3..6]}-{Digits[6..]}"),
                ("birth", Birth),
                ("birth", $"{month}/{day}/{year}"),
                ("birth", $"{day}/{month}/{year}"),
            ];
        }
    }

    [GeneratedRegex("^(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})$")]
    private static partial Regex LocalDateParts();

    /// <summary>The web host with its worker, as in local mode, every log entry it writes kept.</summary>
    public sealed class LoggedClinic : MessagingApp
    {
        public LogCapture Logs { get; } = new();

        protected override bool RunWorker => true;

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            base.ConfigureSettings(builder);
            builder.ConfigureLogging(Logs.AddTo);
        }
    }
}
