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
using Scheduling.Tests.Messaging;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// The claim and its confirmation (MessageQueue). Every fact the send rule reads and a person can change
/// between the claim and the send makes the confirmation answer Changed, so the message decides again on
/// fresh data (docs/style.md, example 18); leases run on the database's clock, whatever a worker's says.
/// </summary>
public sealed class ClaimTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private const string Worker = "claim-test";
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly Duration Lease = Duration.FromMinutes(2);
    private static int _phones;

    /// <summary>
    /// The shared table's changes that a booking confirmation's claim sees (its patient, its series and sessions);
    /// "nothing" is the control. Every row of the table is held to the fingerprint below as well.
    /// </summary>
    public static TheoryData<string, string?> Changes()
    {
        var changes = new TheoryData<string, string?> { { "nothing", null } };
        var seen = SendFactChanges.All.Where(c => c.About is FactMessage.Confirmation or FactMessage.Reminder);
        foreach (var change in seen)
        {
            changes.Add(change.Name, change.Sql);
        }

        return changes;
    }

    public static TheoryData<string> FactChanges() => new(SendFactChanges.All.Select(c => c.Name));

    /// <summary>
    /// The SQL follows the rule: for every change of the shared table (which SendRuleTests holds the rule to),
    /// the fingerprint that the claim and the confirmation compute for the message it is about changes.
    /// </summary>
    [Theory]
    [MemberData(nameof(FactChanges))]
    public async Task Fingerprint_Changes_ForEachFactTheRuleReads(string name)
    {
        var change = SendFactChanges.All.Single(c => c.Name == name);
        var patient = await BookAsync("Print" + new string([.. name.Where(char.IsLetter)]));
        var messages = await MessagesOfAsync(patient);

        var before = await FingerprintsAsync(messages);
        await SqlAsync(change.Sql, patient);
        var after = await FingerprintsAsync(messages);

        Assert.NotEqual(before[messages[change.About]], after[messages[change.About]]);
    }

    [Fact]
    public async Task Fingerprint_StaysTheSame_WhenNothingChanged()
    {
        var patient = await BookAsync("PrintSame");
        var messages = await MessagesOfAsync(patient);

        var before = await FingerprintsAsync(messages);
        await SqlAsync("UPDATE scheduling.patients SET first_name = first_name WHERE id = $1", patient);
        var after = await FingerprintsAsync(messages);

        Assert.Equal(before, after);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Confirm_AnswersChanged_WhenAFactOfTheRuleChangedAfterTheClaim(string fact, string? change)
    {
        var patient = await BookAsync("Fact" + fact.Replace(" ", "", StringComparison.Ordinal));
        var queue = app.Services.GetRequiredService<MessageQueue>();
        var claimed = await ClaimAsync(queue, patient);

        if (change is not null)
        {
            await SqlAsync(change, patient);
        }

        var checks = new List<ClaimCheck>();
        foreach (var message in claimed)
        {
            var now = app.Clock.GetCurrentInstant();
            checks.Add(await queue.ConfirmAsync(Worker, now, Lease, message, CancellationToken.None));
        }

        await ReleaseAsync(queue, claimed);
        Assert.All(checks, c => Assert.Equal(change is null ? ClaimCheck.Held : ClaimCheck.Changed, c));
    }

    [Fact]
    public async Task CorrectedPhone_GetsTheMessage_AndTheOldOneDoesNot_WhenCorrectedAfterTheClaim()
    {
        var patient = await BookAsync("Corrected");
        var old = await PhoneAsync(patient);
        var queue = app.Services.GetRequiredService<MessageQueue>();
        var sms = Assert.Single(await ClaimAsync(queue, patient), m => m.Channel == Channel.Sms);

        await SqlAsync("UPDATE scheduling.patients SET phone = '+12025559871' WHERE id = $1", patient);
        var check = await queue.ConfirmAsync(Worker, app.Clock.GetCurrentInstant(), Lease, sms, CancellationToken.None);
        await ReleaseAsync(queue, [sms]);
        await app.DispatchAsync();

        Assert.Equal(ClaimCheck.Changed, check);
        Assert.Contains(app.Twilio.Messages, m => m.To == "+12025559871");
        Assert.DoesNotContain(app.Twilio.Messages, m => m.To == old);
    }

    /// <summary>
    /// The test's clock stands a week behind the database's. A lease set on the worker's clock would have
    /// run out long ago; one set on the database's runs out a lease from now, and no worker whose clock is
    /// ahead can take it back earlier.
    /// </summary>
    [Fact]
    public async Task Lease_RunsOnTheDatabasesClock_WhateverTheWorkersClockSays()
    {
        var patient = await BookAsync("Leased");
        var queue = app.Services.GetRequiredService<MessageQueue>();
        var claimed = await ClaimAsync(queue, patient);
        var ids = claimed.Select(m => m.Id).ToArray();

        var remaining = await ScalarAsync<double[]>(
            "SELECT array_agg(extract(epoch FROM claimed_until - now())::float8) "
                + "FROM scheduling.messages WHERE id = ANY($1)",
            ids
        );
        var ahead = app.Clock.GetCurrentInstant() + Duration.FromDays(30);
        var recoveredEarly = await queue.RecoverExpiredClaimsAsync("clock-ahead", ahead, CancellationToken.None);
        await ScalarAsync<int>(
            "WITH u AS (UPDATE scheduling.messages SET claimed_until = now() - interval '1 second' "
                + "WHERE id = ANY($1) RETURNING 1) SELECT count(*)::int FROM u",
            ids
        );
        var behind = app.Clock.GetCurrentInstant();
        var recoveredLate = await queue.RecoverExpiredClaimsAsync("clock-behind", behind, CancellationToken.None);

        Assert.All(remaining, r => Assert.InRange(r, 1, Lease.TotalSeconds));
        Assert.Equal(0, recoveredEarly);
        Assert.Equal(ids.Length, recoveredLate);
    }

    private async Task<Guid> BookAsync(string lastName)
    {
        app.Clock.Reset(MorningInNewYork);
        await app.DispatchAsync();
        using var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 4300:D4}";
        var patient = await desk.NewPatientAsync(lastName, phone);
        var series = desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient);
        await desk.Http.CreatedAsync("/api/series", series);
        return Guid.Parse(patient);
    }

    /// <summary>The booking's due confirmations, claimed as a worker claims them (nothing else is due).</summary>
    private async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(MessageQueue queue, Guid patient)
    {
        var claimed = await queue.ClaimAsync(Worker, app.Clock.GetCurrentInstant(), Lease, 100, CancellationToken.None);
        Assert.NotEmpty(claimed);
        Assert.All(claimed, m => Assert.Equal(patient, m.PatientId));
        return claimed;
    }

    /// <summary>What the dispatch round does with a Changed confirmation: back to the queue, due now.</summary>
    private async Task ReleaseAsync(MessageQueue queue, IEnumerable<ClaimedMessage> claimed)
    {
        var now = app.Clock.GetCurrentInstant();
        foreach (var message in claimed)
        {
            var outcome = SendRecordPolicy.From(new Decision.Defer(now, MessageReason.ChangedWhileClaimed));
            await queue.RecordAsync(Worker, now, message.Id, outcome, CancellationToken.None);
        }
    }

    /// <summary>
    /// One message of each kind the table names; the page to the clinic's on-call contact added here.
    /// </summary>
    private async Task<Dictionary<FactMessage, Guid>> MessagesOfAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var rows = await db.Messages.AsNoTracking().Where(m => m.PatientId == patient).ToListAsync();
        var contact = await db
            .Patients.AsNoTracking()
            .Where(p => p.Id == patient)
            .SelectMany(p => db.Set<Domain.Clinics.OnCallContact>().Where(c => c.ClinicId == p.ClinicId))
            .Select(c => c.Id)
            .FirstAsync();
        var now = app.Clock.GetCurrentInstant();

        // Held already, so that no dispatch in another test sends it; the fingerprint does not read the state.
        var page = new PlannedMessage(now, now + Duration.FromHours(12), now)
        {
            SubjectId = Guid.NewGuid(),
            PlanKey = PlanKey.Page(contact),
            Kind = MessageKind.SafetyAlert,
            Channel = Channel.Sms,
            OnCallContactId = contact,
            Urgent = true,
        };
        page.Hold(MessageReason.AlertAcknowledged, now);
        db.Messages.Add(page);
        await db.SaveChangesAsync();
        return new()
        {
            [FactMessage.Confirmation] = rows.First(m => m.Kind == MessageKind.BookingConfirmation).Id,
            [FactMessage.Reminder] = rows.First(m => m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms).Id,
            [FactMessage.Survey] = rows.First(m => m.SurveyId != null).Id,
            [FactMessage.Page] = page.Id,
        };
    }

    private async Task<Dictionary<Guid, string>> FingerprintsAsync(Dictionary<FactMessage, Guid> messages)
    {
        await using var command = app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"SELECT m.id, {MessageQueue.Fingerprint} FROM scheduling.messages m WHERE m.id = ANY($1)");
        command.Parameters.AddWithValue(messages.Values.ToArray());
        var prints = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            prints[reader.GetGuid(0)] = reader.GetString(1);
        }

        Assert.Equal(messages.Count, prints.Count);
        return prints;
    }

    private async Task<string> PhoneAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return (await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patient)).Phone;
    }

    private async Task SqlAsync(string sql, Guid id)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid[] ids)
    {
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.AddWithValue(ids);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
