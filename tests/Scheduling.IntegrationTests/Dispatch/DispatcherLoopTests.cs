using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// The dispatcher loop as it runs in a worker: a patient email MimeKit cannot read once took down the
/// loop and the host with it, and every worker after it. Now that message fails alone and the loop goes
/// on, with its heartbeat in the database.
/// </summary>
public sealed class DispatcherLoopTests(MessagingAppWithWorker app) : IClassFixture<MessagingAppWithWorker>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);

    /// <summary>How long the test waits for the worker; far longer than a round, so a miss is a failure.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dispatcher_SendsTheRest_AndKeepsRunning_AfterAnEmailMimeKitCannotRead()
    {
        app.Clock.Reset(MorningInNewYork);
        using var desk = await BookingClient.CreateAsync(app);
        var bad = await desk.NewPatientAsync("Poison", "+12025554501");
        await using (
            var command = app
                .Services.GetRequiredService<NpgsqlDataSource>()
                .CreateCommand("UPDATE scheduling.patients SET email = 'jane(@example.com' WHERE id = $1")
        )
        {
            command.Parameters.AddWithValue(Guid.Parse(bad));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await BookAsync(desk, bad);
        var good = await desk.NewPatientAsync("Antidote", "+12025554502");
        await BookAsync(desk, good);

        var failed = await EventuallyAsync(Guid.Parse(bad), Channel.Email, MessageState.Failed);
        await EventuallyAsync(Guid.Parse(good), Channel.Email, MessageState.Sent);
        await EventuallyAsync(Guid.Parse(good), Channel.Sms, MessageState.Sent);
        var later = await desk.NewPatientAsync("Later", "+12025554503");
        await BookAsync(desk, later);
        await EventuallyAsync(Guid.Parse(later), Channel.Email, MessageState.Sent);

        Assert.Equal(nameof(MessageReason.InvalidAddress), failed.Reason);
        await using var beat = app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                "SELECT count(*)::int FROM scheduling.dispatchers WHERE heartbeat_at > now() - interval '60 seconds'"
            );
        Assert.Equal(1, (int)(await beat.ExecuteScalarAsync())!);
    }

    private static async Task BookAsync(BookingClient desk, string patient) =>
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );

    /// <summary>Polls until the patient's booking confirmation on the channel is in the state.</summary>
    private async Task<PlannedMessage> EventuallyAsync(Guid patient, Channel channel, MessageState state)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
                var rows = await db
                    .Messages.AsNoTracking()
                    .Where(m => m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation)
                    .Where(m => m.Channel == channel)
                    .ToListAsync();
                var planned = rows.Where(m => !m.PlanKey.IsFallback);
                if (planned.FirstOrDefault(m => m.State == state) is { } found)
                {
                    return found;
                }
            }

            Assert.True(waited.Elapsed < Patience, $"The {channel} confirmation was not {state} after {Patience}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
