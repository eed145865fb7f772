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
/// The Messages page inside the Hangfire dashboard: in its navigation menu, for Ops and Admin only, with
/// figures that are those of the rows, and no patient data.
/// </summary>
public sealed partial class MessagesDashboardPageTests(SchedulingApp app) : IClassFixture<SchedulingApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ops_SeeTheFiguresOfTheRows_AndNoPatientData()
    {
        var (due, oldest) = await WriteRowsAsync();
        await app.Services.GetRequiredService<DispatcherHeartbeat>().StartAsync("probe-7", CancellationToken.None);
        using var ops = await SignIn.BrowserAsync(app, Roles.Ops);

        var response = await ops.GetAsync(new Uri("/hangfire/messages", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        await app.Services.GetRequiredService<DispatcherHeartbeat>().StopAsync("probe-7", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(due.ToString(), Figure(html, "Due now"));
        Assert.Equal("1", Figure(html, "In backoff"));
        Assert.Equal("1", Figure(html, "More than a minute overdue"));
        Assert.Equal(oldest.ToString(), Figure(html, "Oldest due message"));
        Assert.Equal("3", Figure(html, "Sent"));
        Assert.Equal("2", Figure(html, "Failed"));
        Assert.Equal("1", Figure(html, "Unknown"));
        Assert.Equal("2.000 s", Figure(html, "Lateness p50"));
        Assert.Equal("2.980 s", Figure(html, "Lateness p99"));
        Assert.Contains("Dispatchers alive: 1", html, StringComparison.Ordinal);
        Assert.Contains("<td>probe-7</td>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/ops/delivery\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Messagepage", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex", html, StringComparison.Ordinal);
        Assert.DoesNotContain("(202)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("+1202", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Roles.Ops)]
    [InlineData(Roles.Admin)]
    public async Task TheDashboardsMenu_LinksToTheMessagesPage(string role)
    {
        using var browser = await SignIn.BrowserAsync(app, role);

        var html = await browser.GetStringAsync(new Uri("/hangfire/servers", UriKind.Relative));

        Assert.Matches("<a [^>]*href=\"/hangfire/messages\"[^>]*>[^<]*Messages", html);
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    public async Task OtherRoles_AreRefused(string role)
    {
        using var browser = await SignIn.BrowserAsync(app, role);

        var response = await browser.GetAsync(new Uri("/hangfire/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Due now", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Books a series for a patient named Messagepage, then gives its messages the states the figures count:
    /// everything else held, 3 sent in the last hour 1, 2 and 3 s late, 2 failed and 1 unknown in it, 2 due
    /// (one of them more than a minute overdue: the oldest) and 1 waiting in backoff. Returns the due count and
    /// the oldest due message.
    /// </summary>
    private async Task<(int Due, Guid Oldest)> WriteRowsAsync()
    {
        using var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync("Messagepage", "(202) 555-0177");
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        var now = app.Clock.GetCurrentInstant();
        var data = app.Services.GetRequiredService<NpgsqlDataSource>();
        var ids = new List<Guid>();
        await using (var read = data.CreateCommand("SELECT id FROM scheduling.messages ORDER BY id LIMIT 9"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        Assert.Equal(9, ids.Count);
        await ExecuteAsync(data, "UPDATE scheduling.messages SET state = 'Suppressed', updated_at = $1", now - Hour);
        for (var i = 0; i < 3; i++)
        {
            var sent = now - Duration.FromMinutes(10);
            await SetAsync(data, ids[i], "Sent", sent - Duration.FromSeconds(i + 1), sent, now, 1);
        }

        await SetAsync(data, ids[3], "Failed", now - Hour, null, now - Duration.FromMinutes(5), 3);
        await SetAsync(data, ids[4], "Failed", now - Hour, null, now - Duration.FromMinutes(5), 3);
        await SetAsync(data, ids[5], "Unknown", now - Hour, null, now - Duration.FromMinutes(5), 1);
        await SetAsync(data, ids[6], "Planned", now - Duration.FromMinutes(2), null, now, 0);
        await SetAsync(data, ids[7], "Planned", now - Duration.FromSeconds(30), null, now, 0);
        await SetAsync(data, ids[8], "Planned", now + Duration.FromMinutes(5), null, now, 1);
        return (2, ids[6]);
    }

    private static readonly Duration Hour = Duration.FromHours(1);

    private static Task SetAsync(
        NpgsqlDataSource data,
        Guid id,
        string state,
        Instant dueAt,
        Instant? sentAt,
        Instant updatedAt,
        int attempts
    ) =>
        ExecuteAsync(
            data,
            "UPDATE scheduling.messages SET state = $2, due_at = $3, next_attempt_at = $3, sent_at = $4, "
                + "updated_at = $5, attempts = $6 WHERE id = $1",
            id,
            state,
            dueAt,
            sentAt is { } at ? at : DBNull.Value,
            updatedAt,
            attempts
        );

    private static async Task ExecuteAsync(NpgsqlDataSource data, string sql, params object[] values)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
    }

    private static string Figure(string html, string name)
    {
        var match = FigureRow().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"no row {name}");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    [GeneratedRegex("<tr><th scope=\"row\">(?<name>[^<]+)</th><td>(?<value>[^<]*)</td></tr>")]
    private static partial Regex FigureRow();
}
