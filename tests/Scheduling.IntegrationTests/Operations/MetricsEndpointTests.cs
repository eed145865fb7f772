using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Identity;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>
/// GET /metrics (docs/api-contract.md, "Operations"): the named series in Prometheus text with the values of
/// what was sent and of the rows, for Ops and Admin or for an allowed scraper's address, and never a patient's
/// data in a label.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed partial class MetricsEndpointTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    [Fact]
    public async Task Ops_ScrapeTheNamedSeries_WithTheValuesOfWhatWasSent()
    {
        await BookAndSendAsync("Scrape", "(202) 555-0142");
        var heartbeat = app.Services.GetRequiredService<DispatcherHeartbeat>();
        await heartbeat.StartAsync("metrics-probe", CancellationToken.None);
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);

        var scrape = Scrape.Parse(await ops.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        var (alive, due) = await heartbeat.ReadAsync(app.Clock.GetCurrentInstant(), CancellationToken.None);
        await heartbeat.StopAsync("metrics-probe", CancellationToken.None);

        var sent = await SentAsync();
        Assert.NotEmpty(sent);
        foreach (var (kind, channel, count, _) in sent)
        {
            Assert.Equal(
                count,
                scrape.Value("scheduling_messages_total", ("state", "Sent"), ("kind", kind), ("channel", channel))
            );
        }

        foreach (var channel in sent.GroupBy(s => s.Channel))
        {
            var count = channel.Sum(s => s.Count);
            Assert.Equal(count, scrape.Value("scheduling_message_lateness_seconds_count", ("channel", channel.Key)));
            Assert.Equal(
                channel.Sum(s => s.LatenessSum),
                scrape.Value("scheduling_message_lateness_seconds_sum", ("channel", channel.Key)),
                precision: 6
            );
            Assert.Equal(
                count,
                scrape.Value(
                    "scheduling_provider_latency_seconds_count",
                    ("channel", channel.Key),
                    ("outcome", "Accepted")
                )
            );
        }

        Assert.Equal(due, scrape.Value("scheduling_messages_due"));
        Assert.Equal(alive, scrape.Value("scheduling_dispatchers_alive"));
        Assert.Equal(1, alive);
        Assert.Equal(
            await CountAsync("SELECT count(*) FROM scheduling.alerts WHERE state = 'Open'"),
            scrape.Value("scheduling_alerts_open")
        );
        Assert.True(scrape.Has("scheduling_alerts_open_oldest_age_seconds"));
        Assert.True(scrape.Has("scheduling_messages_in_backoff"));
    }

    [Fact]
    public async Task Anonymous_Is401_AnotherRoleIs403_AndAnAllowedAddressScrapes()
    {
        using var anonymous = app.CreateClient();
        using var frontDesk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        using var clinicianBrowser = await SignIn.BrowserAsync(app, Roles.Clinician);
        using var admin = await SignIn.BrowserAsync(app, Roles.Admin);

        var nobody = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var elsewhere = await FromAsync(anonymous, "198.51.100.7");
        var loopback = await FromAsync(anonymous, "127.0.0.1");
        var allowed = await FromAsync(anonymous, "192.0.2.10");
        var desk = await frontDesk.GetAsync(new Uri("/metrics", UriKind.Relative));
        var clinician = await clinicianBrowser.GetAsync(new Uri("/metrics", UriKind.Relative));
        var byAdmin = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, desk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clinician.StatusCode);
        Assert.DoesNotContain("scheduling_", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("scheduling_messages_due", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
    }

    [Fact]
    public async Task NoLabelValue_IsAPatientsPhoneEmailNameOrId()
    {
        await BookAndSendAsync("Labelcheck", "(202) 555-0166");
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);

        var scrape = Scrape.Parse(await ops.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var patients = new List<string>();
        await using (
            var command = app
                .Services.GetRequiredService<NpgsqlDataSource>()
                .CreateCommand("SELECT id::text, first_name, last_name, email, phone FROM scheduling.patients")
        )
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                patients.AddRange(Enumerable.Range(0, 5).Select(reader.GetString));
            }
        }

        var values = scrape.LabelValues();
        Assert.Contains("Sent", values);
        Assert.Contains(patients, p => p.Contains("Labelcheck", StringComparison.Ordinal));
        Assert.All(values, value =>
        {
            Assert.DoesNotContain(patients, p => value.Contains(p, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotMatch(PhoneOrEmail(), value);
        });
    }

    /// <summary>
    /// Books a series for a new patient on a morning in New York (inside the sending window) and sends what is due at
    /// once, 90 s after it was due.
    /// </summary>
    private async Task BookAndSendAsync(string lastName, string phone)
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 26, 15, 0));
        using var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync(lastName, phone);
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        app.Clock.Advance(Duration.FromSeconds(90));
        Assert.True(await app.DispatchAsync() > 0);
    }

    private async Task<List<(string Kind, string Channel, long Count, double LatenessSum)>> SentAsync()
    {
        await using var command = app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                "SELECT kind, channel, count(*), sum(extract(epoch FROM sent_at - due_at))::float8 "
                    + "FROM scheduling.messages WHERE sent_at IS NOT NULL GROUP BY kind, channel"
            );
        await using var reader = await command.ExecuteReaderAsync();
        var sent = new List<(string, string, long, double)>();
        while (await reader.ReadAsync())
        {
            sent.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3)));
        }

        return sent;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<HttpResponseMessage> FromAsync(HttpClient client, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Add(MetricsApp.FromHeader, address);
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"@|\+\d{7,}|\(\d{3}\)")]
    private static partial Regex PhoneOrEmail();

    /// <summary>A Prometheus text exposition, read line by line: name, labels, value.</summary>
    private sealed partial class Scrape(List<(string Name, Dictionary<string, string> Labels, double Value)> samples)
    {
        public static Scrape Parse(string text) =>
            new(
                text.Split('\n')
                    .Where(line => line.Length > 0 && line[0] != '#')
                    .Select(line => Sample().Match(line))
                    .Where(m => m.Success)
                    .Select(m =>
                        (
                            m.Groups["name"].Value,
                            Label()
                                .Matches(m.Groups["labels"].Value)
                                .ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value),
                            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)
                        )
                    )
                    .ToList()
            );

        public bool Has(string name) => samples.Any(s => s.Name == name);

        /// <summary>The one sample of this name whose labels include these (others may be there too).</summary>
        public double Value(string name, params (string Key, string Value)[] labels)
        {
            var matching = samples
                .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .ToList();
            Assert.True(matching.Count == 1, $"{matching.Count} samples of {name} {string.Join(",", labels)}");
            return matching[0].Value;
        }

        public List<string> LabelValues() => samples.SelectMany(s => s.Labels.Values).Distinct().ToList();

        [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?\r?$")]
        private static partial Regex Sample();

        [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
        private static partial Regex Label();
    }
}
