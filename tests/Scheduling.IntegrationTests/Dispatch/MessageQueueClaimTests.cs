using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// A claim takes email and the other channels in two lanes of half a batch each: a burst of emails due
/// first never holds back the SMS due with them, and urgent messages still come first in each lane.
/// </summary>
public sealed class MessageQueueClaimTests : IAsyncLifetime
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 1, 14, 0);

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private Guid _patient;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = _database.CoreServices(s => s.AddSingleton<MessageQueue>());
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinic = new Clinic { Name = "Lane Clinic", TimeZoneId = "America/New_York", Phone = "+12025550100", CreatedAt = Now };
        var patient = new Patient
        {
            ClinicId = clinic.Id, FirstName = "Lane", LastName = "Test", Email = "lane@example.com", Phone = "+12025550111",
            TimeZoneId = "America/New_York", DateOfBirth = new LocalDate(1980, 1, 1), CreatedAt = Now,
        };
        db.Clinics.Add(clinic);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        _patient = patient.Id;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AClaim_TakesHalfABatchOfEachLane_EvenWhenTheEmailsWereDueFirst()
    {
        var emails = await PlanAsync(Channel.Email, 6, due: Now - Duration.FromMinutes(10));
        var sms = await PlanAsync(Channel.Sms, 6, due: Now - Duration.FromMinutes(1));
        var queue = _services.GetRequiredService<MessageQueue>();

        var first = await queue.ClaimAsync("worker-a", Now, Duration.FromMinutes(2), batchSize: 4, CancellationToken.None);
        var second = await queue.ClaimAsync("worker-b", Now, Duration.FromMinutes(2), batchSize: 4, CancellationToken.None);

        Assert.Equal(2, first.Count(m => m.Channel == Channel.Email));
        Assert.Equal(2, first.Count(m => m.Channel == Channel.Sms));
        Assert.Equal(4, second.Count);
        Assert.Empty(first.Select(m => m.Id).Intersect(second.Select(m => m.Id)));
        Assert.All(first.Concat(second), m => Assert.Contains(m.Id, emails.Concat(sms)));
        Assert.Equal(4, await CountAsync("state = 'Sending' AND claimed_by = 'worker-a'"));
        Assert.Equal(4, await CountAsync("state = 'Planned' AND claimed_by IS NULL"));
    }

    [Fact]
    public async Task AClaim_TakesUrgentMessagesFirst_InEachLane_AndNothingNotYetDue()
    {
        await PlanAsync(Channel.Sms, 3, due: Now - Duration.FromMinutes(30));
        var urgent = await PlanAsync(Channel.Sms, 1, due: Now, urgent: true);
        var later = await PlanAsync(Channel.Email, 2, due: Now + Duration.FromMinutes(5));
        var queue = _services.GetRequiredService<MessageQueue>();

        var claimed = await queue.ClaimAsync("worker-a", Now, Duration.FromMinutes(2), batchSize: 2, CancellationToken.None);

        Assert.Equal(urgent[0], Assert.Single(claimed).Id);
        Assert.DoesNotContain(claimed, m => later.Contains(m.Id));
    }

    private async Task<List<Guid>> PlanAsync(Channel channel, int count, Instant due, bool urgent = false)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var rows = Enumerable.Range(0, count).Select(i => new PlannedMessage
        {
            SubjectId = Guid.CreateVersion7(), PlanKey = $"test:{i}", Kind = MessageKind.Reminder, Channel = channel, PatientId = _patient,
            DueAt = due, NextAttemptAt = due, NotAfter = due + Duration.FromHours(2), Urgent = urgent, State = MessageState.Planned,
            CreatedAt = Now, UpdatedAt = Now,
        }).ToList();
        db.Messages.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    private async Task<long> CountAsync(string condition)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM scheduling.messages WHERE {condition}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
