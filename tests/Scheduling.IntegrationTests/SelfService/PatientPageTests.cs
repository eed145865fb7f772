using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Pages.Shared;
using Scheduling.Web.Pages.Visits;

namespace Scheduling.IntegrationTests.SelfService;

/// <summary>
/// The patient's own page as a patient reaches it: a real reminder through the fake Twilio server carries the
/// link, and the page confirms, cancels (only outside the clinic's notice) and moves the session to a time it offers.
/// </summary>
public sealed class PatientPageTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static int _phones;

    private sealed record Linked(HttpClient Desk, string ClinicId, Guid Patient, Appointment Session, string Token);

    /// <summary>
    /// A clinic whose name would give it away ("Ketamine …") and which messages call "Wellness Center", a patient
    /// booked on the template from <paramref name="first"/>, and the link read from session 1's first SMS reminder.
    /// </summary>
    private async Task<Linked> LinkedAsync(string template, string first, int chairs = 2)
    {
        app.Clock.Reset(MorningInNewYork);
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", DiscreetClinic(chairs));
        var clinicId = clinic.GetProperty("id").GetString()!;
        var desk = await SignIn.ApiClientAsync(app, Roles.FrontDesk);
        var phone = $"(202) 555-{Interlocked.Increment(ref _phones) + 600:D4}";
        var patient = (await desk.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId, "Quill", phone: phone)))
            .GetProperty("id")
            .GetGuid();
        await desk.CreatedAsync(
            "/api/series",
            new
            {
                patientId = patient,
                clinicId,
                templateCode = template,
                firstSessionStart = first,
            }
        );
        var session = await InDatabaseAsync(db =>
            db.Appointments.AsNoTracking().SingleAsync(a => a.PatientId == patient && a.Number == 1)
        );
        var reminder = await InDatabaseAsync(db =>
            db.Messages.AsNoTracking()
                .Where(m => m.AppointmentId == session.Id && m.Kind == MessageKind.Reminder && m.Channel == Channel.Sms)
                .OrderBy(m => m.DueAt)
                .FirstAsync()
        );
        app.Clock.Reset(reminder.DueAt);
        await app.DispatchAsync();
        var sent = await InDatabaseAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == reminder.Id));
        Assert.Equal(MessageState.Sent, sent.State);
        var sms = app.Twilio.Messages.Single(m => m.Sid == sent.ProviderId).Form["Body"];
        var token = PatientPage.TokenIn(sms) ?? throw new InvalidOperationException($"No link in the SMS: {sms}");
        return new Linked(desk, clinicId, patient, session, token);
    }

    private static object DiscreetClinic(int chairs) =>
        new
        {
            name = "Ketamine Wellness Center",
            messageName = "Wellness Center",
            timeZone = "America/New_York",
            phone = "(202) 555-0100",
            chairs,
            openingHours = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }
                .Select(day => new
                {
                    day,
                    open = "08:00",
                    close = "18:00",
                })
                .ToArray(),
            sendingWindow = new { start = "08:00", end = "20:00" },
            onCall = new[]
            {
                new
                {
                    name = "On-call clinician",
                    email = "oncall@clinic.test",
                    phone = "+1 202 555 0199",
                },
            },
        };

    private async Task<T> InDatabaseAsync<T>(Func<SchedulingDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    private Task<string> ClinicPhoneAsync(Linked linked) =>
        InDatabaseAsync(db =>
            db.Clinics.AsNoTracking().Where(c => c.Id == Guid.Parse(linked.ClinicId)).Select(c => c.Phone).SingleAsync()
        );

    private Task<Appointment> SessionAsync(Guid id) =>
        InDatabaseAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task ReminderLink_OpensThePage_WithTheNameInMessagesTheTimeAndPreparation_AndOnlyItsHashIsStored()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();

        var (response, body) = await PatientPage.GetAsync(phone, linked.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Contains("Wellness Center", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ketamine", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Monday, December 7 at 9:00 AM", body, StringComparison.Ordinal);
        Assert.Contains("must not drive for 24 hours", body, StringComparison.Ordinal);
        Assert.Contains($"href=\"tel:{await ClinicPhoneAsync(linked)}\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Quill", body, StringComparison.Ordinal);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(linked.Token));
        var link = await InDatabaseAsync(db => db.PatientLinks.AsNoTracking().SingleAsync(l => l.TokenHash == hash));
        Assert.Equal(linked.Session.Id, link.AppointmentId);
    }

    [Fact]
    public async Task Confirm_RecordsThePatientsConfirmation_AsAReplyOfCDoes()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();

        var (response, body) = await PatientPage.PostAsync(phone, linked.Token, "confirm");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("your visit is confirmed", body, StringComparison.Ordinal);
        Assert.Equal(app.Clock.GetCurrentInstant(), (await SessionAsync(linked.Session.Id)).PatientConfirmedAt);
    }

    [Fact]
    public async Task Cancel_OutsideTheNotice_CancelsThroughTheFrontDesksPath_WithItsNoticeAndNothingMoreToCome()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromHours(25));

        var (response, body) = await PatientPage.PostAsync(phone, linked.Token, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is cancelled", body, StringComparison.Ordinal);
        var session = await SessionAsync(linked.Session.Id);
        Assert.Equal(AppointmentStatus.Cancelled, session.Status);
        Assert.Equal(PatientSelfService.CancelReason, session.CancelReason);
        var messages = await InDatabaseAsync(db =>
            db.Messages.AsNoTracking().Where(m => m.AppointmentId == session.Id).ToListAsync()
        );
        Assert.Contains(messages, m => m.Kind == MessageKind.CancelNotice && m.State == MessageState.Planned);
        Assert.DoesNotContain(messages, m => m.Kind == MessageKind.Reminder && m.State == MessageState.Planned);
    }

    [Fact]
    public async Task Cancel_InsideTheNotice_Is409_SaysToCallTheClinic_AndChangesNothing()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromHours(23));

        var (page, shown) = await PatientPage.GetAsync(phone, linked.Token);
        var (response, body) = await PatientPage.PostWithAsync(
            phone,
            linked.Token,
            "cancel",
            null,
            PatientPage.Antiforgery(shown)
        );

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Please call Wellness Center on", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel my visit", shown, StringComparison.Ordinal);
        Assert.Empty(PatientPage.Offers(shown));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"href=\"tel:{await ClinicPhoneAsync(linked)}\"", body, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Booked, (await SessionAsync(linked.Session.Id)).Status);
    }

    [Fact]
    public async Task Move_ToAnOfferedTime_KeepsTheSpacing_AndReplansTheSessionsMessages()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromDays(3));
        var (_, shown) = await PatientPage.GetAsync(phone, linked.Token);
        var offers = PatientPage.Offers(shown);
        Assert.InRange(offers.Count, 1, SelfServiceTimes.MaxOffers);
        var chosen = offers[^1];

        var (response, body) = await PatientPage.PostWithAsync(
            phone,
            linked.Token,
            "move",
            chosen,
            PatientPage.Antiforgery(shown)
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your visit has moved", body, StringComparison.Ordinal);
        var moved = await SessionAsync(linked.Session.Id);
        Assert.Equal(chosen, LocalDateTimeBinder.Field.Format(moved.LocalStart));
        Assert.Equal(linked.Session.Revision + 1, moved.Revision);
        var series = await InDatabaseAsync(db =>
            db.Appointments.AsNoTracking()
                .Where(a => a.SeriesId == moved.SeriesId && a.Status == AppointmentStatus.Booked)
                .OrderBy(a => a.Number)
                .ToListAsync()
        );
        var template = await InDatabaseAsync(db =>
            db.Templates.AsNoTracking().FirstAsync(t => t.Code == BuiltInTemplates.KetamineIvInduction)
        );
        Assert.All(series.Zip(series.Skip(1)), pair =>
            Assert.InRange(
                Period.DaysBetween(pair.First.LocalStart.Date, pair.Second.LocalStart.Date),
                template.MinDaysBetween,
                template.MaxDaysBetween
            )
        );
        var messages = await InDatabaseAsync(db =>
            db.Messages.AsNoTracking().Where(m => m.AppointmentId == moved.Id).ToListAsync()
        );
        Assert.Contains(messages, m => m.Kind == MessageKind.MoveNotice && m.State == MessageState.Planned);
        var planned = messages.Where(m => m.Kind == MessageKind.Reminder && m.State == MessageState.Planned).ToList();
        Assert.NotEmpty(planned);
        Assert.All(planned, m => Assert.True(m.DueAt < moved.StartInstant));
        Assert.Contains(planned, m => m.DueAt == moved.StartInstant - Duration.FromHours(2));

        await app.DispatchAsync();
        var notice = await InDatabaseAsync(db =>
            db.Messages.AsNoTracking()
                .SingleAsync(m =>
                    m.AppointmentId == moved.Id && m.Kind == MessageKind.MoveNotice && m.Channel == Channel.Sms
                )
        );
        var noticeText = app.Twilio.Messages.Single(m => m.Sid == notice.ProviderId).Form["Body"];
        var (again, page) = await PatientPage.GetAsync(phone, PatientPage.TokenIn(noticeText)!);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var newTime = $"{VisitModel.Date(moved.LocalStart)} at {VisitModel.Time(moved.LocalStart)}";
        Assert.Contains(newTime, body, StringComparison.Ordinal);
        Assert.Contains(newTime, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_ToATimeNotOffered_Is409_AndChangesNothing()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromDays(3));

        var (sunday, _) = await PatientPage.PostAsync(phone, linked.Token, "move", "2026-12-06T10:00");
        var (badSpacing, _) = await PatientPage.PostAsync(phone, linked.Token, "move", "2026-12-11T10:00");
        var (unreadable, body) = await PatientPage.PostAsync(phone, linked.Token, "move", "soon");

        Assert.Equal(HttpStatusCode.Conflict, sunday.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, badSpacing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("Choose one of the times offered", body, StringComparison.Ordinal);
        var session = await SessionAsync(linked.Session.Id);
        Assert.Equal(linked.Session.StartInstant, session.StartInstant);
        Assert.Equal(linked.Session.Revision, session.Revision);
    }

    [Fact]
    public async Task ForgedAndExpiredLinks_Get404And410_NamingNobody()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        var (_, real) = await PatientPage.GetAsync(phone, linked.Token);

        var (forged, forgedBody) = await PatientPage.GetAsync(phone, SurveyToken.Mint().Token);
        var (mangled, _) = await PatientPage.GetAsync(phone, "not-a-token");
        var (forgedPost, _) = await PatientPage.PostWithAsync(
            phone,
            SurveyToken.Mint().Token,
            "cancel",
            null,
            PatientPage.Antiforgery(real)
        );
        app.Clock.Reset(linked.Session.StartInstant + Duration.FromDays(1));
        var (expired, expiredBody) = await PatientPage.GetAsync(phone, linked.Token);
        var (expiredPost, _) = await PatientPage.PostWithAsync(
            phone,
            linked.Token,
            "cancel",
            null,
            PatientPage.Antiforgery(real)
        );

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mangled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedPost.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expiredPost.StatusCode);
        Assert.Contains("This link has expired", expiredBody, StringComparison.Ordinal);
        Assert.All(new[] { forgedBody, expiredBody }, page =>
            Assert.DoesNotContain("Wellness", page, StringComparison.Ordinal)
        );
        Assert.Equal(AppointmentStatus.Booked, (await SessionAsync(linked.Session.Id)).Status);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_Is400_AndChangesNothing()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromDays(3));

        var (response, _) = await PatientPage.PostWithAsync(phone, linked.Token, "cancel", null, "forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await SessionAsync(linked.Session.Id)).Status);
    }

    [Fact]
    public async Task Move_RacingAFrontDeskBookingOfTheSameChair_LeavesOneBooking()
    {
        var linked = await LinkedAsync(BuiltInTemplates.KetamineBooster, "2026-12-08T10:00", chairs: 1);
        using var _ = linked.Desk;
        using var phone = app.CreateBrowser();
        app.Clock.Reset(linked.Session.StartInstant - Duration.FromDays(3));
        var (_, shown) = await PatientPage.GetAsync(phone, linked.Token);
        var target = PatientPage.Offers(shown)[0];
        var other = (
            await linked.Desk.CreatedAsync("/api/patients", ApiFixtures.Patient(linked.ClinicId, "Racer", sms: false))
        )
            .GetProperty("id")
            .GetString()!;

        using var go = new SemaphoreSlim(0);
        var move = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (
                await PatientPage.PostWithAsync(phone, linked.Token, "move", target, PatientPage.Antiforgery(shown))
            )
                .Response
                .StatusCode;
        });
        var booking = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (
                await linked.Desk.PostAsJsonAsync(
                    new Uri("/api/series", UriKind.Relative),
                    new
                    {
                        patientId = other,
                        clinicId = linked.ClinicId,
                        templateCode = BuiltInTemplates.KetamineBooster,
                        firstSessionStart = target,
                        sessionStarts = new[] { target },
                    }
                )
            ).StatusCode;
        });
        go.Release(2);
        var outcomes = new[] { await move, await booking };

        Assert.Single(outcomes, s => s is HttpStatusCode.OK or HttpStatusCode.Created);
        Assert.Single(outcomes, s => s == HttpStatusCode.Conflict);
        var clinicId = Guid.Parse(linked.ClinicId);
        var start = LocalDateTimePattern(target);
        var atTarget = await InDatabaseAsync(db =>
            db.Appointments.AsNoTracking()
                .CountAsync(a =>
                    a.ClinicId == clinicId && a.LocalStart == start && a.Status != AppointmentStatus.Cancelled
                )
        );
        Assert.Equal(1, atTarget);
    }

    private static LocalDateTime LocalDateTimePattern(string text) => LocalDateTimeBinder.Field.Parse(text).Value;
}
