using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// Replies and status callbacks as Twilio posts them: signed for our public URL, sometimes twice, sometimes out of
/// order.
/// </summary>
public sealed class TwilioWebhookTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 12, 6, 15, 0);
    private static int _phones;

    private async Task<(BookingClient Desk, Guid Patient, string Phone, Guid FirstSession)> BookAsync(string lastName)
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 160:D4}";
        var patient = await desk.NewPatientAsync(lastName, phone);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        return (
            desk,
            Guid.Parse(patient),
            phone,
            Guid.Parse(series.GetProperty("sessions")[0].GetProperty("id").GetString()!)
        );
    }

    private static Dictionary<string, string> Inbound(string from, string body, string? sid = null) =>
        new()
        {
            ["MessageSid"] = sid ?? $"SM{Guid.NewGuid():N}",
            ["AccountSid"] = Fakes.FakeTwilioServer.DefaultAccountSid,
            ["From"] = from,
            ["To"] = MessagingApp.SmsFrom,
            ["Body"] = body,
        };

    [Fact]
    public async Task InboundSms_Returns403_WithAForgedOrMissingSignature_AndChangesNothing()
    {
        var (desk, patient, phone, _) = await BookAsync("Forged");
        using var _1 = desk;

        var forged = await app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            Inbound(phone, "STOP"),
            authToken: "not-the-token"
        );
        using var client = app.CreateClient();
        using var unsigned = new FormUrlEncodedContent(Inbound(phone, "STOP"));
        var missing = await client.PostAsync(new Uri("/webhooks/twilio/sms", UriKind.Relative), unsigned);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.True(await ConsentsToSmsAsync(patient));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("Unsubscribe")]
    [InlineData("CANCEL")]
    public async Task OptOutWords_RevokeSmsConsentAtOnce_AndNeverCancelTheAppointment(string word)
    {
        var (desk, patient, phone, session) = await BookAsync($"Stop{word}");
        using var _1 = desk;

        var response = await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, word));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await ConsentsToSmsAsync(patient));
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(session)).Status);
    }

    [Fact]
    public async Task Start_OptsBackIn_AndARetriedWebhookIsHandledOnce()
    {
        var (desk, patient, phone, _) = await BookAsync("Restart");
        using var _1 = desk;
        await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, "STOP"));
        app.Clock.Advance(Duration.FromMinutes(1));
        var start = Inbound(phone, "START");

        await app.PostAsTwilioAsync("/webhooks/twilio/sms", start);
        app.Clock.Advance(Duration.FromMinutes(1));
        var retried = await app.PostAsTwilioAsync("/webhooks/twilio/sms", start);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.True(await ConsentsToSmsAsync(patient));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(4, await db.ConsentEntries.CountAsync(c => c.PatientId == patient));
    }

    [Fact]
    public async Task Help_AnswersWithTheClinicsNameAndPhone_AndHowToStop()
    {
        var (desk, _, phone, _) = await BookAsync("Helpme");
        using var _1 = desk;

        var twiml = await (
            await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, "HELP"))
        ).Content.ReadAsStringAsync();

        Assert.Contains("Harbor Infusion Clinic", twiml, StringComparison.Ordinal);
        Assert.Contains("+12025550100", twiml, StringComparison.Ordinal);
        Assert.Contains("Reply STOP", twiml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C_ConfirmsTheNextSession_AndR_PutsACallBackOnTheFrontDesksList()
    {
        var (desk, _, phone, session) = await BookAsync("Confirmer");
        using var _1 = desk;

        await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, "C"));
        await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, "r"));

        var appointment = await AppointmentAsync(session);
        Assert.NotNull(appointment.PatientConfirmedAt);
        Assert.NotNull(appointment.CallBackRequestedAt);
        Assert.True(await WorkItemAsync(session, WorkItemKind.CallBackRequested));
    }

    [Fact]
    public async Task No_ToTheDayBeforeCheck_MarksTheRideUnconfirmed_AndRaisesAWorkItem()
    {
        var (desk, _, phone, session) = await BookAsync("Noride");
        using var _1 = desk;

        await app.PostAsTwilioAsync("/webhooks/twilio/sms", Inbound(phone, "NO"));

        Assert.False((await AppointmentAsync(session)).RideConfirmed);
        Assert.True(await WorkItemAsync(session, WorkItemKind.RideUnconfirmed));
    }

    [Fact]
    public async Task StatusCallbacks_MoveTheMessageForwardOnly_WhateverTheirOrderOrRepetition()
    {
        var (desk, patient, _, _) = await BookAsync("Statuses");
        using var _1 = desk;
        await app.DispatchAsync();
        var sms = await SmsConfirmationAsync(patient);
        Assert.Equal(MessageState.Sent, sms.State);

        foreach (var status in new[] { "delivered", "sent", "delivered", "queued" })
        {
            var response = await app.PostAsTwilioAsync(
                "/webhooks/twilio/status",
                new()
                {
                    ["MessageSid"] = sms.ProviderId!,
                    ["MessageStatus"] = status,
                    ["AccountSid"] = Fakes.FakeTwilioServer.DefaultAccountSid,
                }
            );
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var after = await SmsConfirmationAsync(patient);
        Assert.Equal(MessageState.Delivered, after.State);
        Assert.NotNull(after.DeliveredAt);
    }

    [Fact]
    public async Task StatusCallback_Undelivered_MarksTheMessageFailed_AndAForgedOneIsRefused()
    {
        var (desk, patient, _, _) = await BookAsync("Undelivered");
        using var _1 = desk;
        await app.DispatchAsync();
        var sms = await SmsConfirmationAsync(patient);
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sms.ProviderId!,
            ["MessageStatus"] = "undelivered",
            ["ErrorCode"] = "30003",
        };

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await app.PostAsTwilioAsync("/webhooks/twilio/status", form, authToken: "wrong")).StatusCode
        );
        Assert.Equal(MessageState.Sent, (await SmsConfirmationAsync(patient)).State);
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await app.PostAsTwilioAsync("/webhooks/twilio/status", form)).StatusCode
        );

        var failed = await SmsConfirmationAsync(patient);
        Assert.Equal((MessageState.Failed, "Undelivered"), (failed.State, failed.Reason));
        Assert.Equal("Twilio 30003", failed.LastError);
    }

    private async Task<bool> ConsentsToSmsAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loaded = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Patients.AsNoTracking()
            .Include(p => p.Consent)
            .SingleAsync(p => p.Id == patient);
        return loaded.Consents(Channel.Sms);
    }

    private async Task<Appointment> AppointmentAsync(Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Appointments.AsNoTracking()
            .SingleAsync(a => a.Id == id);
    }

    private async Task<bool> WorkItemAsync(Guid subject, WorkItemKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .WorkItems.AnyAsync(w => w.SubjectId == subject && w.Kind == kind && w.State == WorkItemState.Open);
    }

    private async Task<PlannedMessage> SmsConfirmationAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Messages.AsNoTracking()
            .SingleAsync(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Sms
            );
    }
}
