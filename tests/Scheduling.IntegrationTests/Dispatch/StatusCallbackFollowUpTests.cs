using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// A message Twilio accepted and later reports undelivered or failed is followed up as one refused at
/// send time: the patient's other consented channel at once and a task on the `messages` list, exactly
/// once however often and in whatever order Twilio's callbacks arrive.
/// </summary>
public sealed class StatusCallbackFollowUpTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static int _phones;

    [Theory]
    [InlineData("undelivered")]
    [InlineData("failed")]
    public async Task AnUndeliveredSms_FallsBackToEmailAndOpensAWorkItem_ExactlyOnce(string status)
    {
        app.Clock.Reset(Instant.FromUtc(2026, 12, 6, 15, 0));
        using var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 400:D4}";
        var patient = Guid.Parse(await desk.NewPatientAsync($"Callback{status}", phone));
        var series = desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: $"{patient}");
        await desk.Http.CreatedAsync("/api/series", series);
        await app.DispatchAsync();
        var sms = await ConfirmationAsync(patient);
        Assert.Equal(MessageState.Sent, sms.State);
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sms.ProviderId!,
            ["MessageStatus"] = status,
            ["ErrorCode"] = "30003",
        };
        var delivered = new Dictionary<string, string>(form) { ["MessageStatus"] = "delivered" };

        foreach (var callback in new[] { form, form, delivered, form })
        {
            var answer = await app.PostAsTwilioAsync("/webhooks/twilio/status", callback);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        var failed = await ConfirmationAsync(patient);
        Assert.Equal(
            (MessageState.Failed, "Undelivered", "Twilio 30003"),
            (failed.State, failed.Reason, failed.LastError)
        );
        var fallback = Assert.Single(
            await DbAsync(db =>
                db.Messages.AsNoTracking()
                    .Where(m => m.PatientId == patient && m.PlanKey == sms.PlanKey.Fallback())
                    .ToListAsync()
            )
        );
        Assert.Equal((Channel.Email, MessageState.Planned), (fallback.Channel, fallback.State));
        Assert.Equal(sms.SubjectId, fallback.SubjectId);
        Assert.Equal(app.Clock.GetCurrentInstant(), fallback.NextAttemptAt);
        var item = Assert.Single(
            await DbAsync(db => db.WorkItems.AsNoTracking().Where(w => w.SubjectId == sms.Id).ToListAsync())
        );
        Assert.Equal(
            (WorkItemKind.MessageFailed, WorkItemState.Open, patient),
            (item.Kind, item.State, item.PatientId)
        );

        await app.DispatchAsync();
        var sent = await DbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == fallback.Id));
        Assert.Equal(MessageState.Sent, sent.State);
    }

    private Task<PlannedMessage> ConfirmationAsync(Guid patient) =>
        DbAsync(db =>
            db.Messages.AsNoTracking()
                .SingleAsync(m =>
                    m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Sms
                )
        );

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }
}
