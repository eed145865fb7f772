using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// A no-show: the session's follow-ups stop, a call-back task opens, and "reply R to rebook" goes by SMS
/// through the dispatcher (window, consent, STOP); the patient's R opens a call-back about the missed visit.
/// </summary>
public sealed class NoShowTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    /// <summary>Monday 7 December 2026, 11:00 in New York: the 09:00 session was missed.</summary>
    private static readonly Instant AfterTheMissedSession = Instant.FromUtc(2026, 12, 7, 16, 0);

    private static int _phones;

    [Fact]
    public async Task NoShow_StopsTheSessionsFollowUps_OpensACallBack_AndOffersToRebookBySms()
    {
        var (desk, phone, session) = await BookAsync("Missed");
        using var _ = desk;
        app.Clock.Reset(AfterTheMissedSession);

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{session}/status", new { status = "NoShow" })).StatusCode
        );
        await app.DispatchAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.All(await db.Surveys.Where(s => s.AppointmentId == session).ToListAsync(), s =>
            Assert.Equal(SurveyState.Suppressed, s.State)
        );
        var task = await db.WorkItems.SingleAsync(w =>
            w.SubjectId == session && w.Kind == WorkItemKind.CallBackRequested
        );
        Assert.Equal(WorkItemState.Open, task.State);
        var offer = await db.Messages.SingleAsync(m =>
            m.AppointmentId == session && m.Kind == MessageKind.NoShowFollowUp
        );
        Assert.Equal(Channel.Sms, offer.Channel);
        Assert.Equal(MessageState.Sent, offer.State);
        var sms = Assert.Single(app.Twilio.Messages, m =>
            m.To == phone && m.Form["Body"].Contains("Reply R to rebook", StringComparison.Ordinal)
        );
        Assert.Contains("Monday, December 7 at 9:00 AM", sms.Form["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRebookOffer_WaitsForTheSendingWindow()
    {
        var (desk, phone, session) = await BookAsync("Late");
        using var _ = desk;
        app.Clock.Reset(Instant.FromUtc(2026, 12, 8, 3, 0));

        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{session}/status", new { status = "NoShow" })).StatusCode
        );
        await app.DispatchAsync();
        Assert.DoesNotContain(app.Twilio.Messages, m =>
            m.To == phone && m.Form["Body"].Contains("Reply R to rebook", StringComparison.Ordinal)
        );

        app.Clock.Reset(Instant.FromUtc(2026, 12, 8, 13, 1));
        await app.DispatchAsync();
        Assert.Single(app.Twilio.Messages, m =>
            m.To == phone && m.Form["Body"].Contains("Reply R to rebook", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task AnRAfterTheOffer_OpensACallBack_AboutTheMissedVisit()
    {
        var (desk, phone, session) = await BookAsync("Rebook");
        using var _ = desk;
        app.Clock.Reset(AfterTheMissedSession);
        await desk.PostAsync($"/api/appointments/{session}/status", new { status = "NoShow" });
        await app.DispatchAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var task = await db.WorkItems.SingleAsync(w =>
                w.SubjectId == session && w.Kind == WorkItemKind.CallBackRequested
            );
            Assert.Equal(
                HttpStatusCode.OK,
                (await desk.PostAsync($"/api/work-items/{task.Id}/done", new { })).StatusCode
            );
        }

        app.Clock.Advance(Duration.FromHours(2));
        var reply = await app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new()
            {
                ["MessageSid"] = $"SM{Guid.NewGuid():N}",
                ["AccountSid"] = Fakes.FakeTwilioServer.DefaultAccountSid,
                ["From"] = phone,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = "R",
            }
        );

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("visit you missed", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var check = app.Services.CreateAsyncScope();
        var items = await check
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .WorkItems.Where(w => w.SubjectId == session && w.Kind == WorkItemKind.CallBackRequested)
            .ToListAsync();
        Assert.Equal(2, items.Count);
        Assert.Single(items, i => i.State == WorkItemState.Open);
    }

    [Fact]
    public async Task AfterStop_TheRebookOfferIsNotSent()
    {
        var (desk, phone, session) = await BookAsync("Stopped");
        using var _ = desk;
        app.Clock.Reset(AfterTheMissedSession);
        await app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new()
            {
                ["MessageSid"] = $"SM{Guid.NewGuid():N}",
                ["AccountSid"] = Fakes.FakeTwilioServer.DefaultAccountSid,
                ["From"] = phone,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = "STOP",
            }
        );

        await desk.PostAsync($"/api/appointments/{session}/status", new { status = "NoShow" });
        await app.DispatchAsync();

        Assert.DoesNotContain(app.Twilio.Messages, m =>
            m.To == phone && m.Form["Body"].Contains("Reply R to rebook", StringComparison.Ordinal)
        );
        await using var scope = app.Services.CreateAsyncScope();
        var offer = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Messages.SingleAsync(m => m.AppointmentId == session && m.Kind == MessageKind.NoShowFollowUp);
        Assert.Equal(MessageState.Suppressed, offer.State);
        Assert.Equal(MessageReason.NoConsent.Name, offer.Reason);
    }

    private async Task<(BookingClient Desk, string Phone, Guid Session)> BookAsync(string lastName)
    {
        app.Clock.Reset(Instant.FromUtc(2026, 12, 1, 15, 0));
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 260:D4}";
        var patient = await desk.NewPatientAsync(lastName, phone);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        return (desk, phone, Guid.Parse(series.GetProperty("sessions")[0].GetProperty("id").GetString()!));
    }
}
