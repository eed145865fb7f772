using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Patients;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Worklist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Fakes;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// Booked sessions through to messages accepted by a real SMTP server and a Twilio-compatible server
/// behind the real SDK, one dispatch round at a time with the clock moved by hand.
/// </summary>
public sealed class DispatchTests(MessagingApp app) : IClassFixture<MessagingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // 10:00 in New York on Thursday 26 November 2026: inside the default 08:00-20:00 window.
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly string[] Forbidden = ["ketamine", "esketamine", "depression", "anxiety", "ptsd", "suicid"];
    private static int _phones;

    private async Task<(BookingClient Desk, Guid Patient, List<Guid> Sessions)> BookAsync(
        string lastName,
        string template = "ketamine-iv-induction"
    )
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app);
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 120:D4}";
        var patient = await desk.NewPatientAsync(lastName, phone);
        Phones[Guid.Parse(patient)] = phone;
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(template, "2026-12-07T09:00", patientId: patient)
        );
        return (
            desk,
            Guid.Parse(patient),
            series
                .GetProperty("sessions")
                .EnumerateArray()
                .Select(s => Guid.Parse(s.GetProperty("id").GetString()!))
                .ToList()
        );
    }

    [Fact]
    public async Task BookingConfirmation_ReachesBothProviders_WithNothingIndiscreet()
    {
        var (desk, patient, _) = await BookAsync("Okonkwo");
        using var _1 = desk;

        await app.DispatchAsync();

        var rows = await MessagesAsync(m => m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation);
        Assert.All(rows, m => Assert.Equal(MessageState.Sent, m.State));
        Assert.All(rows, m => Assert.False(string.IsNullOrEmpty(m.ProviderId)));
        var email = app.Smtp.Received.Single(r => r.To.Contains("alex.okonkwo@example.com"));
        var sms = app.Twilio.Messages.Single(m =>
            m.Form["Body"].Contains("visits are booked", StringComparison.Ordinal) && m.To == PhoneOf(patient)
        );
        Assert.DoesNotContain(Forbidden, w => email.Message.Subject!.Contains(w, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Forbidden, w => sms.Form["Body"].Contains(w, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Monday, December 7 at 9:00 AM", email.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal($"{MessagingApp.PublicBaseUrl}/webhooks/twilio/status", sms.Form["StatusCallback"]);
        Assert.Equal(MessagingApp.SmsFrom, sms.Form["From"]);
    }

    [Fact]
    public async Task BookingConfirmation_UsesTheClinicsOwnWording_WhenItHasOne()
    {
        var (desk, patient, _) = await BookAsync("Worded");
        using var _1 = desk;
        using var admin = await SignIn.ApiClientAsync(app, Scheduling.Core.Identity.Roles.Admin);
        var saved = await admin.PutAsJsonAsync(
            new Uri($"/api/clinics/{desk.ClinicId}/message-templates/BookingConfirmation/Sms", UriKind.Relative),
            new
            {
                body = "{{ clinic }} has you down for {{ sessions }} visits from {{ date }}, "
                    + "{{ time }}. Reply C to confirm.",
            }
        );
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await app.DispatchAsync();

        var sms = app.Twilio.Messages.Single(m => m.To == PhoneOf(patient));
        Assert.Equal(
            "Harbor Infusion Clinic has you down for 6 visits from Monday, December 7, 9:00 AM. Reply C to confirm.",
            sms.Form["Body"]
        );
    }

    [Fact]
    public async Task PatientMessages_ListEveryRowWithItsStateAndReason_ForStaff()
    {
        var (desk, patient, sessions) = await BookAsync("Listed");
        using var _1 = desk;
        await app.DispatchAsync();
        Assert.Equal(
            HttpStatusCode.OK,
            (await desk.PostAsync($"/api/appointments/{sessions[0]}/cancel", new { reason = "Unwell" })).StatusCode
        );

        var messages = await desk.GetAsync($"/api/patients/{patient}/messages");

        var all = messages.EnumerateArray().ToList();
        Assert.Contains(all, m =>
            m.GetProperty("kind").GetString() == "BookingConfirmation"
            && m.GetProperty("state").GetString() == "Sent"
            && m.GetProperty("providerId").GetString() is { Length: > 0 }
        );
        Assert.Contains(all, m =>
            m.GetProperty("appointmentId").GetString() == sessions[0].ToString()
            && m.GetProperty("state").GetString() == "Suppressed"
            && m.GetProperty("reason").GetString() == "AppointmentCancelled"
        );
        Assert.All(all, m => Assert.EndsWith("Z", m.GetProperty("dueInstant").GetString(), StringComparison.Ordinal));
        await (
            await desk.Http.GetAsync(new Uri($"/api/patients/{Guid.NewGuid()}/messages", UriKind.Relative))
        ).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reminder_ArrivesWithACalendarInvite_WhenItsTimeComes_AndNotBefore()
    {
        var (desk, patient, sessions) = await BookAsync("Lindqvist");
        using var _1 = desk;
        await app.DispatchAsync();
        var reminder = (
            await MessagesAsync(m =>
                m.AppointmentId == sessions[0] && m.PlanKey == PlanKey.Reminder(Duration.FromDays(3))
            )
        ).Single();

        app.Clock.Reset(reminder.DueAt - Duration.FromMinutes(1));
        await app.DispatchAsync();
        Assert.Equal(MessageState.Planned, (await MessagesAsync(m => m.Id == reminder.Id)).Single().State);

        app.Clock.Reset(reminder.DueAt);
        await app.DispatchAsync();

        Assert.Equal(MessageState.Sent, (await MessagesAsync(m => m.Id == reminder.Id)).Single().State);
        var email = app.Smtp.Received.Last(r => r.To.Contains("alex.lindqvist@example.com"));
        var calendar = await InviteAsync(email);
        Assert.Equal($"{sessions[0]}@scheduling", calendar.Events.Single().Uid);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Contains("no solid food for 6 hours", email.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledSession_SendsACancelInvite_AndNoneOfItsReminders()
    {
        var (desk, patient, sessions) = await BookAsync("Adeyemi");
        using var _1 = desk;
        await app.DispatchAsync();
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await desk.PostAsync($"/api/appointments/{sessions[0]}/cancel", new { reason = "Patient unwell" })
            ).StatusCode
        );

        await app.DispatchAsync();
        var cancel = app.Smtp.Received.Last(r => r.To.Contains("alex.adeyemi@example.com"));
        app.Clock.Reset(Instant.FromUtc(2026, 12, 7, 14, 0));
        await app.DispatchAsync();

        var rows = await MessagesAsync(m => m.AppointmentId == sessions[0]);
        Assert.All(rows.Where(m => m.Kind == MessageKind.Reminder), m =>
            Assert.Equal(MessageState.Suppressed, m.State)
        );
        Assert.All(rows.Where(m => m.Kind == MessageKind.CancelNotice), m => Assert.Equal(MessageState.Sent, m.State));
        var calendar = await InviteAsync(cancel);
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal($"{sessions[0]}@scheduling", calendar.Events.Single().Uid);
        Assert.Equal("CANCELLED", calendar.Events.Single().Status);
    }

    [Fact]
    public async Task TransientSmtpFailure_IsRetriedLater_ThenSent()
    {
        var (desk, patient, _) = await BookAsync("Tanaka");
        using var _1 = desk;
        app.Smtp.FailRecipient("alex.tanaka@example.com", SmtpFailure.TemporaryAtRecipient);

        await app.DispatchAsync();
        var failed = (
            await MessagesAsync(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Email
            )
        ).Single();
        Assert.Equal((MessageState.Planned, 1), (failed.State, failed.Attempts));
        Assert.True(failed.NextAttemptAt > MorningInNewYork);

        app.Smtp.Heal("alex.tanaka@example.com");
        app.Clock.Reset(failed.NextAttemptAt!.Value);
        await app.DispatchAsync();

        var sent = (await MessagesAsync(m => m.Id == failed.Id)).Single();
        Assert.Equal((MessageState.Sent, 2), (sent.State, sent.Attempts));
    }

    [Fact]
    public async Task MailboxUnavailable_FailsForGood_FallsBackToSms_AndRaisesAWorkItem()
    {
        var (desk, patient, sessions) = await BookAsync("Haugen");
        using var _1 = desk;
        await app.DispatchAsync();
        app.Smtp.FailRecipient("alex.haugen@example.com", SmtpFailure.MailboxUnavailable);
        var reminder = (
            await MessagesAsync(m =>
                m.AppointmentId == sessions[0] && m.PlanKey == PlanKey.Reminder(Duration.FromDays(3))
            )
        ).Single();
        app.Clock.Reset(reminder.DueAt);

        await app.DispatchAsync();

        Assert.Equal(
            (MessageState.Failed, "MailboxUnavailable"),
            (await MessagesAsync(m => m.Id == reminder.Id)).Select(m => (m.State, m.Reason)).Single()
        );
        var fallback = (
            await MessagesAsync(m =>
                m.SubjectId == reminder.SubjectId && m.PlanKey == PlanKey.Reminder(Duration.FromDays(3)).Fallback()
            )
        ).Single();
        Assert.Equal((Channel.Sms, MessageState.Sent), (fallback.Channel, fallback.State));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.Equal(ContactStatus.Invalid, (await db.Patients.SingleAsync(p => p.Id == patient)).EmailStatus);
        Assert.True(
            await db.WorkItems.AnyAsync(w =>
                w.SubjectId == reminder.Id && w.Kind == WorkItemKind.MessageFailed && w.State == WorkItemState.Open
            )
        );
    }

    [Fact]
    public async Task TwilioOptedOut_RecordsTheOptOutInTheLedger_AndStopsLaterSms()
    {
        var (desk, patient, sessions) = await BookAsync("Kowal");
        using var _1 = desk;
        app.Twilio.FailRecipient(PhoneOf(patient), TwilioFailure.OptedOut);

        await app.DispatchAsync();

        var sms = (
            await MessagesAsync(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Sms
            )
        ).Single();
        Assert.Equal((MessageState.Failed, "OptedOut"), (sms.State, sms.Reason));
        var reminder = (
            await MessagesAsync(m =>
                m.AppointmentId == sessions[0] && m.PlanKey == PlanKey.Reminder(Duration.FromDays(1))
            )
        ).Single();
        app.Clock.Reset(reminder.DueAt);
        await app.DispatchAsync();
        Assert.Equal(
            (MessageState.Suppressed, "NoConsent"),
            (await MessagesAsync(m => m.Id == reminder.Id)).Select(m => (m.State, m.Reason)).Single()
        );
        await using var scope = app.Services.CreateAsyncScope();
        // The clock stood still, so the grant at registration and the provider's opt-out share an instant
        // (where a refusal wins); the ledger is read by source rather than by order.
        var ledger = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .ConsentEntries.Where(c => c.PatientId == patient && c.Channel == Channel.Sms)
            .ToListAsync();
        Assert.Equal(
            [(true, ConsentSource.FrontDesk), (false, ConsentSource.ProviderOptOut)],
            ledger.Select(c => (c.Granted, c.Source)).OrderBy(c => c.Source)
        );
    }

    [Fact]
    public async Task ConnectionDroppedAfterData_IsRecordedAsUnknown_AndNotResentBlindly()
    {
        var (desk, patient, _) = await BookAsync("Brennan");
        using var _1 = desk;
        app.Smtp.FailRecipient("alex.brennan@example.com", SmtpFailure.DropAfterData);

        await app.DispatchAsync();
        app.Smtp.Heal("alex.brennan@example.com");
        app.Clock.Reset(MorningInNewYork + Duration.FromHours(1));
        await app.DispatchAsync();

        var email = (
            await MessagesAsync(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Email
            )
        ).Single();
        Assert.Equal((MessageState.Unknown, 1), (email.State, email.Attempts));
        Assert.Single(app.Smtp.Received, r => r.To.Contains("alex.brennan@example.com"));
    }

    [Fact]
    public async Task MessageDueAtNight_WaitsForThePatientsMorning()
    {
        var (desk, patient, _) = await BookAsync("Moreno");
        using var _1 = desk;
        var night = Instant.FromUtc(2026, 11, 27, 7, 0); // 02:00 in New York
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            await db
                .Messages.Where(m => m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, night));
        }

        app.Clock.Reset(night);
        await app.DispatchAsync();

        var rows = await MessagesAsync(m => m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation);
        Assert.All(rows, m => Assert.Equal(MessageState.Planned, m.State));
        Assert.All(rows, m => Assert.Equal(Instant.FromUtc(2026, 11, 27, 13, 0), m.NextAttemptAt));
        Assert.DoesNotContain(app.Twilio.Messages, m => m.To == PhoneOf(patient));
    }

    [Fact]
    public async Task TwoWorkersAtOnce_SendEveryMessageExactlyOnce()
    {
        var bookings = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var (desk, patient, _) = await BookAsync($"Parallel{i}");
            desk.Dispose();
            bookings.Add(patient);
        }

        await Task.WhenAll(app.DispatchAsync("worker-a"), app.DispatchAsync("worker-b"), app.DispatchAsync("worker-c"));

        var phones = bookings.Select(PhoneOf).ToHashSet();
        var sms = app.Twilio.Messages.Where(m => phones.Contains(m.To)).ToList();
        Assert.Equal(bookings.Count, sms.Count);
        Assert.Equal(bookings.Count, sms.Select(m => m.To).Distinct().Count());
        Assert.Equal(
            bookings.Count,
            app.Smtp.Received.Count(r => r.To.Any(t => t.StartsWith("alex.parallel", StringComparison.Ordinal)))
        );
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, string> Phones = new();

    private static string PhoneOf(Guid patient) => Phones[patient];

    private static async Task<Ical.Net.Calendar> InviteAsync(ReceivedEmail email)
    {
        var ics = email.Message.Attachments.OfType<MimeKit.MimePart>().Single(a => a.FileName == "invite.ics");
        using var stream = new MemoryStream();
        await ics.Content!.DecodeToAsync(stream);
        return Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    private async Task<List<PlannedMessage>> MessagesAsync(
        System.Linq.Expressions.Expression<Func<PlannedMessage, bool>> filter
    )
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db.Messages.AsNoTracking().Where(filter).ToListAsync();
    }
}
