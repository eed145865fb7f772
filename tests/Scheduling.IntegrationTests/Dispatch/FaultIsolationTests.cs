using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// One bad row fails its own message and nothing else (docs/style.md, example 19): a patient email MimeKit
/// cannot read, a zone id no one knows, a clinic's wording that does not render. Each sits in the same
/// batch as good messages; the bad one ends Failed with its reason and a work item, the good ones are sent,
/// and the round returns normally. Rows are broken with SQL, as the API refuses such values when saved.
/// </summary>
public sealed class FaultIsolationTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static int _phones;

    [Fact]
    public async Task UnreadableEmail_FailsAsInvalidAddress_WithAWorkItem_WhileTheRestOfTheBatchIsSent()
    {
        var (bad, good) = await BookPairAsync("Unreadable");
        await SqlAsync("UPDATE scheduling.patients SET email = 'jane(@example.com' WHERE id = $1", bad);

        await app.DispatchAsync();

        var email = await ConfirmationAsync(bad, Channel.Email);
        Assert.Equal((MessageState.Failed, nameof(MessageReason.InvalidAddress)), (email.State, email.Reason));
        Assert.Equal(AttemptResult.PermanentFailure, Assert.Single(await AttemptsAsync(email.Id)).Result);
        Assert.True(await WorkItemAsync(email.Id));
        Assert.Equal(MessageState.Sent, (await ConfirmationAsync(bad, Channel.Sms)).State);
        Assert.Equal(ContactStatus.Invalid, (await PatientAsync(bad)).EmailStatus);
        await AssertSentAsync(good);
        Assert.DoesNotContain(app.Smtp.Received, r => r.To.Any(t => t.Contains("jane", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnknownZone_FailsThePatientsMessagesAsPreparationFailed_WithWorkItems_WhileTheRestIsSent()
    {
        var (bad, good) = await BookPairAsync("Zoneless");
        await SqlAsync("UPDATE scheduling.patients SET time_zone_id = 'Mars/Olympus_Mons' WHERE id = $1", bad);

        await app.DispatchAsync();

        foreach (var channel in new[] { Channel.Email, Channel.Sms })
        {
            var failed = await ConfirmationAsync(bad, channel);
            Assert.Equal((MessageState.Failed, nameof(MessageReason.PreparationFailed)), (failed.State, failed.Reason));
            Assert.StartsWith("DateTimeZoneNotFoundException: ", failed.LastError, StringComparison.Ordinal);
            Assert.Empty(await AttemptsAsync(failed.Id));
            Assert.True(await WorkItemAsync(failed.Id));
        }

        await AssertSentAsync(good);
    }

    [Fact]
    public async Task WordingThatDoesNotRender_FailsThatClinicsMessage_WithAWorkItem_WhileOtherClinicsAreSent()
    {
        var (bad, good) = await BookPairAsync("Unworded", separateClinics: true);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var clinic = (await db.Patients.SingleAsync(p => p.Id == bad)).ClinicId;
            db.MessageWordings.Add(
                new MessageWording
                {
                    ClinicId = clinic,
                    Kind = MessageKind.BookingConfirmation,
                    Channel = Channel.Sms,
                    Body = "{{ clinic has you booked",
                    UpdatedAt = MorningInNewYork,
                }
            );
            await db.SaveChangesAsync();
        }

        await app.DispatchAsync();

        var sms = await ConfirmationAsync(bad, Channel.Sms);
        Assert.Equal((MessageState.Failed, nameof(MessageReason.PreparationFailed)), (sms.State, sms.Reason));
        Assert.Contains("does not parse", sms.LastError, StringComparison.Ordinal);
        Assert.True(await WorkItemAsync(sms.Id));
        Assert.Equal(MessageState.Sent, (await ConfirmationAsync(bad, Channel.Email)).State);
        await AssertSentAsync(good);
    }

    /// <summary>Two patients booked at the same instant, so that their confirmations share the next batch.</summary>
    private async Task<(Guid Bad, Guid Good)> BookPairAsync(string lastName, bool separateClinics = false)
    {
        app.Clock.Reset(MorningInNewYork);
        await app.DispatchAsync();
        using var desk = await BookingClient.CreateAsync(app);
        using var other = separateClinics ? await BookingClient.CreateAsync(app) : null;
        var bad = await BookAsync(desk, lastName + "Bad");
        var good = await BookAsync(other ?? desk, lastName + "Good");
        return (bad, good);
    }

    private static async Task<Guid> BookAsync(BookingClient desk, string lastName)
    {
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 4100:D4}";
        var patient = await desk.NewPatientAsync(lastName, phone);
        var series = desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient);
        await desk.Http.CreatedAsync("/api/series", series);
        return Guid.Parse(patient);
    }

    private async Task AssertSentAsync(Guid patient)
    {
        Assert.Equal(MessageState.Sent, (await ConfirmationAsync(patient, Channel.Email)).State);
        Assert.Equal(MessageState.Sent, (await ConfirmationAsync(patient, Channel.Sms)).State);
    }

    /// <summary>The confirmation as planned, not a fallback that a failure on the other channel added.</summary>
    private async Task<PlannedMessage> ConfirmationAsync(Guid patient, Channel channel)
    {
        var rows = await DbAsync(db =>
            db.Messages.AsNoTracking()
                .Where(m => m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == channel)
                .ToListAsync()
        );
        return Assert.Single(rows, m => !m.PlanKey.IsFallback);
    }

    private Task<Patient> PatientAsync(Guid id) =>
        DbAsync(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == id));

    private Task<List<MessageAttempt>> AttemptsAsync(Guid message) =>
        DbAsync(db => db.Set<MessageAttempt>().AsNoTracking().Where(a => a.MessageId == message).ToListAsync());

    private Task<bool> WorkItemAsync(Guid message) =>
        DbAsync(db =>
            db.WorkItems.AnyAsync(w =>
                w.SubjectId == message && w.Kind == WorkItemKind.MessageFailed && w.State == WorkItemState.Open
            )
        );

    private async Task SqlAsync(string sql, Guid id)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }
}
