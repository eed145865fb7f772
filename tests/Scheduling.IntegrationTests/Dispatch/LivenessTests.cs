using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// Whether anyone can see that messages are not going out: /health/ready with the dispatchers'
/// heartbeats, and the watchdog job on messages retrying for long and on refused provider credentials.
/// </summary>
public sealed class LivenessTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);

    [Fact]
    public async Task Ready_Is503_WhileMessagesAreDueAndNoDispatcherBeats_AndHealthy_OnceOneDoes()
    {
        await BookAsync("Ready");
        var heartbeat = app.Services.GetRequiredService<DispatcherHeartbeat>();

        var unattended = await ReadyAsync();
        await heartbeat.StartAsync("probe", CancellationToken.None);
        var attended = await ReadyAsync();
        await SqlAsync("UPDATE scheduling.dispatchers SET heartbeat_at = now() - interval '61 s'");
        var silent = await ReadyAsync();
        await heartbeat.StopAsync("probe", CancellationToken.None);
        await app.DispatchAsync();
        var drained = await ReadyAsync();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, 0), (unattended.Status, unattended.Dispatchers));
        Assert.True(unattended.Due >= 2, $"{unattended.Due} due");
        var checks = unattended.Body.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("dispatchers").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal((HttpStatusCode.OK, 1, unattended.Due), (attended.Status, attended.Dispatchers, attended.Due));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, 0), (silent.Status, silent.Dispatchers));
        Assert.Equal((HttpStatusCode.OK, 0, 0L), (drained.Status, drained.Dispatchers, drained.Due));
    }

    [Fact]
    public async Task Watchdog_Alarms_WhenAMessageHasBeenRetryingLongerThanItsTolerance_AndNotBefore()
    {
        var reminder = await BookAsync("Retrying");
        var now = app.Clock.GetCurrentInstant();
        var tolerance = DispatchWatchdogJob.BackoffTolerance;

        await RetryingSinceAsync(reminder, now - tolerance + Duration.FromMinutes(1), now + Duration.FromMinutes(5));
        await WatchdogAsync();
        await RetryingSinceAsync(reminder, now - tolerance - Duration.FromMinutes(1), now + Duration.FromMinutes(5));
        var alarm = await Assert.ThrowsAsync<DispatchLaggingException>(WatchdogAsync);
        await SqlAsync($"UPDATE scheduling.messages SET attempts = 0 WHERE id = '{reminder}'");

        Assert.Contains("1 message(s) have been retrying", alarm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchdog_Alarms_AtOnce_WhenAProviderRefusedOurCredentials()
    {
        var reminder = await BookAsync("Refused");
        await SqlAsync(
            $"""
            UPDATE scheduling.messages
            SET attempts = 1, reason = 'ProviderAuthentication', last_error = 'Twilio 20003: Authenticate'
            WHERE id = '{reminder}'
            """
        );

        var alarm = await Assert.ThrowsAsync<DispatchLaggingException>(WatchdogAsync);
        await SqlAsync($"UPDATE scheduling.messages SET attempts = 0, reason = NULL WHERE id = '{reminder}'");
        await WatchdogAsync();

        Assert.Contains("refused our credentials", alarm.Message, StringComparison.Ordinal);
    }

    /// <summary>Books a series and sends what is due at once; returns its first reminder, due days later.</summary>
    private async Task<Guid> BookAsync(string lastName)
    {
        app.Clock.Reset(MorningInNewYork);
        await app.DispatchAsync();
        using var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync(lastName, "+12025554411");
        var series = desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient);
        await desk.Http.CreatedAsync("/api/series", series);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var id = Guid.Parse(patient);
        return await db
            .Messages.Where(m => m.PatientId == id && m.Kind == MessageKind.Reminder && m.Channel == Channel.Email)
            .OrderBy(m => m.DueAt)
            .Select(m => m.Id)
            .FirstAsync();
    }

    private async Task RetryingSinceAsync(Guid message, Instant dueAt, Instant nextAttemptAt)
    {
        await using var command = app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                "UPDATE scheduling.messages SET attempts = 2, due_at = $2, next_attempt_at = $3 "
                    + "WHERE id = $1 AND state = 'Planned'"
            );
        command.Parameters.AddWithValue(message);
        command.Parameters.AddWithValue(dueAt);
        command.Parameters.AddWithValue(nextAttemptAt);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task WatchdogAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DispatchWatchdogJob>().RunAsync(CancellationToken.None);
    }

    private async Task<(HttpStatusCode Status, int Dispatchers, long Due, JsonElement Body)> ReadyAsync()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var dispatchers = body.GetProperty("dispatchers").GetInt32();
        return (response.StatusCode, dispatchers, body.GetProperty("dueMessages").GetInt64(), body);
    }

    private async Task SqlAsync(string sql)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Twilio refusing our credentials, end to end: the real SDK against the fake Twilio server with a wrong
/// auth token. The SMS waits for a retry under reason ProviderAuthentication, and the watchdog alarms at once.
/// </summary>
public sealed class RefusedCredentialsTests(MessagingAppWithWrongTwilioToken app)
    : IClassFixture<MessagingAppWithWrongTwilioToken>
{
    [Fact]
    public async Task TwilioRefusingOurToken_KeepsTheSmsForARetry_AsProviderAuthentication_AndTheWatchdogAlarms()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 11, 26, 15, 0));
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync("/api/series", desk.Series("ketamine-iv-induction", "2026-12-07T09:00"));

        await app.DispatchAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var patient = Guid.Parse(desk.PatientId);
        var sms = await db
            .Messages.AsNoTracking()
            .SingleAsync(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Sms
            );
        var refused = nameof(MessageReason.ProviderAuthentication);
        Assert.Equal((MessageState.Planned, refused, 1), (sms.State, sms.Reason, sms.Attempts));
        Assert.StartsWith("Twilio 20003", sms.LastError, StringComparison.Ordinal);
        var alarm = await Assert.ThrowsAsync<DispatchLaggingException>(() =>
            scope.ServiceProvider.GetRequiredService<DispatchWatchdogJob>().RunAsync(CancellationToken.None)
        );
        Assert.Contains("refused our credentials", alarm.Message, StringComparison.Ordinal);
    }
}

public sealed class MessagingAppWithWrongTwilioToken : MessagingApp
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Sms:Twilio:AuthToken", "not-the-accounts-token");
    }
}
