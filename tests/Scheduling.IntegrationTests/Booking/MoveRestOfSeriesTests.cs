using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>
/// POST /api/series/{id}/move: a patient falls ill after session 2 of an IV induction (six sessions, 1 to 4 days
/// apart, booked from Mon 7 Dec 2026 09:00 in New York) and the rest moves a week and more later. The preview
/// writes nothing; the move keeps the moved time exactly, re-places the later sessions at the protocol's spacing,
/// and takes their messages, invites and surveys along; a session that cannot be placed stops the whole move.
/// </summary>
public sealed class MoveRestOfSeriesTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm"
    );

    private async Task<(BookingClient Desk, string SeriesId, List<(string Id, string Start)> Sessions)> BookedAsync(
        int chairs = 2
    )
    {
        app.Clock.Reset(MorningInNewYork);
        var desk = await BookingClient.CreateAsync(app, chairs);
        var series = await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00")
        );
        return (desk, series.GetProperty("id").GetString()!, Sessions(series));
    }

    private static List<(string Id, string Start)> Sessions(JsonElement series) =>
        [
            .. series
                .GetProperty("sessions")
                .EnumerateArray()
                .Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("start").GetString()!)),
        ];

    [Fact]
    public async Task Move_PreviewWritesNothing_ThenConfirmMovesTheSessionAndEveryLaterOne_AtTheProtocolsSpacing()
    {
        var (desk, seriesId, before) = await BookedAsync();
        using var _1 = desk;
        var body = new { fromAppointmentId = before[2].Id, start = "2026-12-17T10:00" };

        var preview = await desk.PostAsync(
            $"/api/series/{seriesId}/move",
            new
            {
                body.fromAppointmentId,
                body.start,
                preview = true,
            }
        );
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(before, Sessions(await desk.GetAsync($"/api/series/{seriesId}")));
        Assert.Empty(
            await MessagesAsync(m => m.Kind == MessageKind.MoveNotice && m.PatientId == Guid.Parse(desk.PatientId))
        );

        var response = await desk.PostAsync($"/api/series/{seriesId}/move", body);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Sessions(await desk.GetAsync($"/api/series/{seriesId}"));
        Assert.Equal(Sessions(previewed), after);
        Assert.Equal(Sessions(moved), after);
        Assert.Equal(before.Take(2), after.Take(2));
        Assert.Equal("2026-12-17T10:00", after[2].Start);
        var starts = after.Select(s => Local.Parse(s.Start).Value).ToList();
        for (var i = 3; i < 6; i++)
        {
            Assert.InRange(Period.DaysBetween(starts[i - 1].Date, starts[i].Date), 1, 4);
            Assert.True(starts[i].Date.DayOfWeek != IsoDayOfWeek.Sunday, "The clinic is closed on Sundays.");
        }

        Assert.Contains(moved.GetProperty("warnings").EnumerateArray(), w =>
            w.GetString()!.Contains("the gap is kept as asked", StringComparison.Ordinal)
        );
        Assert.All(moved.GetProperty("sessions").EnumerateArray().Skip(2), s =>
            Assert.Equal(1, s.GetProperty("revision").GetInt32())
        );
        Assert.All(moved.GetProperty("sessions").EnumerateArray().Take(2), s =>
            Assert.Equal(0, s.GetProperty("revision").GetInt32())
        );
    }

    [Fact]
    public async Task Move_ReplansRemindersSurveysAndNotices_AndResendsEachMovedSessionsInvite_SameUidNewSequence()
    {
        var (desk, seriesId, before) = await BookedAsync();
        using var _1 = desk;
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await desk.PostAsync(
                    $"/api/series/{seriesId}/move",
                    new { fromAppointmentId = before[3].Id, start = "2026-12-18T13:00" }
                )
            ).StatusCode
        );
        var after = Sessions(await desk.GetAsync($"/api/series/{seriesId}"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            foreach (var (id, start) in after.Skip(3))
            {
                var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(id));
                var reminders = await db
                    .Messages.AsNoTracking()
                    .Where(m => m.AppointmentId == appointment.Id && m.Kind == MessageKind.Reminder)
                    .ToListAsync();
                Assert.All(reminders.Where(m => m.State == MessageState.Planned), m =>
                    Assert.True(m.DueAt < appointment.StartInstant)
                );
                Assert.Contains(reminders, m =>
                    m.PlanKey == PlanKey.Reminder(Duration.FromHours(24))
                    && m.State == MessageState.Planned
                    && appointment.StartInstant - m.DueAt <= Duration.FromHours(24)
                );
                Assert.Equal(
                    2,
                    await db.Messages.CountAsync(m =>
                        m.AppointmentId == appointment.Id && m.Kind == MessageKind.MoveNotice
                    )
                );
                var checks = await db
                    .Surveys.AsNoTracking()
                    .Where(s =>
                        s.AppointmentId == appointment.Id
                        && s.Instrument == Instrument.PostSessionCheck
                        && s.State == SurveyState.Planned
                    )
                    .ToListAsync();
                Assert.NotEmpty(checks);
                Assert.All(checks, s => Assert.True(s.DueAt > appointment.EndInstant));
                Assert.Equal(start, Local.Format(appointment.LocalStart));
            }

            Assert.Equal(
                0,
                await db.Messages.CountAsync(m =>
                    m.AppointmentId == Guid.Parse(before[2].Id) && m.Kind == MessageKind.MoveNotice
                )
            );
            var audit = await db
                .AuditEvents.AsNoTracking()
                .Where(e => e.EntityId == seriesId || after.Skip(3).Select(s => s.Id).Contains(e.EntityId))
                .ToListAsync();
            Assert.Contains(audit, e => e.Action == "moved-rest" && e.EntityType == nameof(Series));
            Assert.Equal(3, audit.Count(e => e.Action == "rescheduled"));
        }

        await app.DispatchAsync();
        var emails = app.Smtp.Received.Where(r => r.To.Contains("alex.rivera@example.com")).ToList();
        foreach (var (id, start) in after.Skip(3))
        {
            var invite = (await InvitesAsync(emails))
                .Single(c => c.Events.Single().Uid == $"{id}@scheduling")
                .Events.Single();
            var local = Local.Parse(start).Value;
            Assert.Equal(1, invite.Sequence);
            Assert.Equal(
                (local.Year, local.Month, local.Day, local.Hour, local.Minute),
                (
                    invite.DtStart!.Year,
                    invite.DtStart.Month,
                    invite.DtStart.Day,
                    invite.DtStart.Hour,
                    invite.DtStart.Minute
                )
            );
        }
    }

    [Fact]
    public async Task Move_Returns409NamingTheSessionThatCannotBePlaced_AndChangesNothing()
    {
        var (desk, seriesId, before) = await BookedAsync();
        using var _1 = desk;
        using var admin = await SignIn.ApiClientAsync(app, Scheduling.Core.Identity.Roles.Admin);
        foreach (var date in new[] { "2026-12-19", "2026-12-21", "2026-12-22" })
        {
            var closed = await admin.PostAsJsonAsync(
                new Uri($"/api/clinics/{desk.ClinicId}/closures", UriKind.Relative),
                new { date, reason = "Works on the building" }
            );
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        var response = await desk.PostAsync(
            $"/api/series/{seriesId}/move",
            new { fromAppointmentId = before[4].Id, start = "2026-12-18T09:00" }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([$"appointments[{before[5].Id}]"], problem.ErrorFields());
        Assert.StartsWith(
            "Session 6 could not be placed",
            problem.GetProperty("errors").GetProperty($"appointments[{before[5].Id}]")[0].GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(before, Sessions(await desk.GetAsync($"/api/series/{seriesId}")));
        Assert.Empty(
            await MessagesAsync(m => m.Kind == MessageKind.MoveNotice && m.PatientId == Guid.Parse(desk.PatientId))
        );
    }

    [Fact]
    public async Task Move_Returns409OnTheStart_WhenTheMovedSessionIsCloserToTheOneBeforeThanTheProtocolAllows()
    {
        var (desk, seriesId, before) = await BookedAsync();
        using var _1 = desk;
        var sameDay = Local.Parse(before[1].Start).Value.PlusHours(3);

        var response = await desk.PostAsync(
            $"/api/series/{seriesId}/move",
            new
            {
                fromAppointmentId = before[2].Id,
                start = Local.Format(sameDay),
                preview = true,
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["start"], problem.ErrorFields());
        Assert.Contains("after session 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Sessions(await desk.GetAsync($"/api/series/{seriesId}")));
    }

    [Fact]
    public async Task Move_Returns400ForAMissingField_AndASessionOfAnotherSeries_And404ForAnUnknownSeries()
    {
        var (desk, seriesId, before) = await BookedAsync();
        using var _1 = desk;

        var missing = await desk.PostAsync($"/api/series/{seriesId}/move", new { start = "soon" });
        var stranger = await desk.PostAsync(
            $"/api/series/{seriesId}/move",
            new { fromAppointmentId = Guid.NewGuid(), start = "2026-12-17T10:00" }
        );
        var unknown = await desk.PostAsync(
            $"/api/series/{Guid.NewGuid()}/move",
            new { fromAppointmentId = before[0].Id, start = "2026-12-17T10:00" }
        );

        Assert.Equal(
            ["fromAppointmentId", "start"],
            (await missing.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields().Order(StringComparer.Ordinal)
        );
        Assert.Equal(["fromAppointmentId"], (await stranger.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The last chair at one time, wanted by a move and by another patient's booking at once: exactly one gets it.
    /// </summary>
    [Fact]
    public async Task Move_RacingABookingForTheLastChair_ExactlyOneWins_AndNoChairIsHeldTwice()
    {
        var (desk, seriesId, before) = await BookedAsync(chairs: 1);
        using var _1 = desk;
        var other = await desk.NewPatientAsync("Okonkwo", "(202) 555-0177");
        using var go = new SemaphoreSlim(0);
        var move = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (
                await desk.PostAsync(
                    $"/api/series/{seriesId}/move",
                    new { fromAppointmentId = before[5].Id, start = "2026-12-22T11:00" }
                )
            ).StatusCode;
        });
        var book = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (
                await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-booster", "2026-12-22T11:00", ["2026-12-22T11:30"], other)
                )
            ).StatusCode;
        });
        go.Release(2);
        var outcomes = await Task.WhenAll(move, book);

        Assert.Equal(1, outcomes.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Created));
        Assert.Equal(1, outcomes.Count(s => s == HttpStatusCode.Conflict));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var booked = await db
            .Appointments.AsNoTracking()
            .Where(a => a.ClinicId == Guid.Parse(desk.ClinicId) && a.Status != AppointmentStatus.Cancelled)
            .ToListAsync();
        Assert.DoesNotContain(booked, a =>
            booked.Any(b =>
                b != a && b.ChairId == a.ChairId && b.StartInstant < a.EndInstant && a.StartInstant < b.EndInstant
            )
        );
        Assert.Equal(
            outcomes[0] == HttpStatusCode.OK ? "2026-12-22T11:00" : before[5].Start,
            Sessions(await desk.GetAsync($"/api/series/{seriesId}"))[5].Start
        );
    }

    private async Task<List<PlannedMessage>> MessagesAsync(
        System.Linq.Expressions.Expression<Func<PlannedMessage, bool>> filter
    )
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Messages.AsNoTracking()
            .Where(filter)
            .ToListAsync();
    }

    private static async Task<List<Ical.Net.Calendar>> InvitesAsync(IEnumerable<Fakes.ReceivedEmail> emails)
    {
        var calendars = new List<Ical.Net.Calendar>();
        foreach (var email in emails)
        {
            foreach (
                var ics in email.Message.Attachments.OfType<MimeKit.MimePart>().Where(a => a.FileName == "invite.ics")
            )
            {
                using var stream = new MemoryStream();
                await ics.Content!.DecodeToAsync(stream);
                calendars.Add(Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!);
            }
        }

        return calendars;
    }
}
