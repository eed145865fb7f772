using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Waitlist;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Waitlist;

/// <summary>
/// Freed chair time offered to the waitlist by SMS through the dispatcher, oldest entries first, OfferBatch (3) at a
/// time; the first YES books it, and every race leaves exactly one booking, decided by the database.
/// </summary>
public sealed class WaitlistOfferTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    [Fact]
    public async Task ACancellation_IsOfferedToTheOldestThree_AndTheNextWhenTheirOffersLapse()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 4);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();

        var offered = scene.Waiting.Select(w => scene.Offered(w.Phone)).ToList();
        Assert.Equal([true, true, true, false], offered);
        Assert.Equal("Offered", await scene.StateAsync(scene.Waiting[0].EntryId));
        Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[3].EntryId));
        var sms = app.Twilio.Messages.First(m => m.To == scene.Waiting[0].Phone);
        Assert.Contains("Monday, December 7 at 9:00 AM", sms.Form["Body"], StringComparison.Ordinal);
        Assert.Contains($"{MessagingApp.PublicBaseUrl}/w/", sms.Form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("etamine", sms.Form["Body"], StringComparison.OrdinalIgnoreCase);

        app.Clock.Advance(Duration.FromMinutes(31));
        await scene.OfferRoundAsync();

        Assert.True(scene.Offered(scene.Waiting[3].Phone));
        Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[0].EntryId));
        Assert.Equal("Offered", await scene.StateAsync(scene.Waiting[3].EntryId));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var offers = await db.WaitlistOffers.Where(o => o.OpeningId == scene.Session).ToListAsync();
        Assert.Equal(3, offers.Count(o => o.State == OfferState.Lapsed));
        Assert.Single(offers, o => o.State == OfferState.Open);
    }

    [Fact]
    public async Task TheFirstYes_BooksTheFreedChair_AndALaterYesIsToldItIsTaken()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 2);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();

        var first = await scene.ReplyAsync(scene.Waiting[1].Phone);
        var second = await scene.ReplyAsync(scene.Waiting[0].Phone);

        Assert.Contains("is yours", first, StringComparison.Ordinal);
        Assert.Contains("already been taken", second, StringComparison.Ordinal);
        Assert.Equal("Booked", await scene.StateAsync(scene.Waiting[1].EntryId));
        Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[0].EntryId));
        var booked = await BookedAtFreedTimeAsync(scene);
        Assert.Equal(scene.Waiting[1].PatientId, Assert.Single(booked).PatientId.ToString());

        // The booking went the usual way: its confirmation is planned for the patient who took it.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        Assert.True(
            await db.Messages.AnyAsync(m =>
                m.SubjectId == booked[0].SeriesId && m.Kind == MessageKind.BookingConfirmation
            )
        );
    }

    [Fact]
    public async Task TheLink_ShowsTheOffer_AndItsButtonBooksIt()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 1);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();
        var body = app.Twilio.Messages.First(m => m.To == scene.Waiting[0].Phone).Form["Body"];
        var link = body[body.IndexOf("/w/", StringComparison.Ordinal)..].Split(' ')[0];
        using var anonymous = app.CreateClient();

        var page = await anonymous.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Take this time", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var taken = await anonymous.PostAsync(new Uri(link, UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("is yours", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await BookedAtFreedTimeAsync(scene));
        var unknown = await anonymous.GetAsync(new Uri("/w/AAAAAAAAAAAAAAAAAAAAAAAA", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TwoYesAtOnce_FromDifferentPatients_BookOnce()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 3);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();

        var replies = await Task.WhenAll(scene.Waiting.Select(w => scene.ReplyAsync(w.Phone)));

        Assert.Single(replies, r => r.Contains("is yours", StringComparison.Ordinal));
        Assert.Equal(2, replies.Count(r => r.Contains("already been taken", StringComparison.Ordinal)));
        Assert.Single(await BookedAtFreedTimeAsync(scene));
    }

    [Fact]
    public async Task AYesRacingTheFrontDesk_ForTheSameChairTime_LeavesOneBooking()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 1);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();
        var walkIn = await scene.Desk.NewPatientAsync("WalkIn", "+12025559901");

        var yes = scene.ReplyAsync(scene.Waiting[0].Phone);
        var desk = scene.Desk.PostAsync(
            "/api/series",
            scene.Desk.Series(WaitlistScene.Booster, WaitlistScene.FreedStart, [WaitlistScene.FreedStart], walkIn)
        );
        await Task.WhenAll(yes, desk);

        var booked = Assert.Single(await BookedAtFreedTimeAsync(scene));
        if (booked.PatientId.ToString() == walkIn)
        {
            Assert.Contains("already been taken", await yes, StringComparison.Ordinal);
            Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[0].EntryId));
        }
        else
        {
            Assert.Contains("is yours", await yes, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, (await desk).StatusCode);
        }
    }

    [Fact]
    public async Task TheFrontDeskBookingTheChairFirst_ClosesTheOffers()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 1);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();
        var walkIn = await scene.Desk.NewPatientAsync("Booked", "+12025559902");
        await scene.Desk.Http.CreatedAsync(
            "/api/series",
            scene.Desk.Series(WaitlistScene.Booster, WaitlistScene.FreedStart, [WaitlistScene.FreedStart], walkIn)
        );

        var reply = await scene.ReplyAsync(scene.Waiting[0].Phone);

        Assert.Contains("already been taken", reply, StringComparison.Ordinal);
        Assert.Equal(walkIn, Assert.Single(await BookedAtFreedTimeAsync(scene)).PatientId.ToString());
        Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[0].EntryId));
    }

    [Fact]
    public async Task AYesAfterTheOfferLapsed_IsToldItExpired_AndBooksNothing()
    {
        using var scene = await WaitlistScene.CreateAsync(app, waiting: 1);
        await scene.CancelAsync();
        await scene.OfferRoundAsync();
        app.Clock.Advance(Duration.FromMinutes(45));

        var reply = await scene.ReplyAsync(scene.Waiting[0].Phone);

        Assert.Contains("has expired", reply, StringComparison.Ordinal);
        Assert.Empty(await BookedAtFreedTimeAsync(scene));
        Assert.Equal("Offered", await scene.StateAsync(scene.Waiting[0].EntryId));
        await scene.OfferRoundAsync();
        Assert.Equal("Waiting", await scene.StateAsync(scene.Waiting[0].EntryId));
        Assert.Empty(await BookedAtFreedTimeAsync(scene));
    }

    /// <summary>The sessions still standing in the clinic's one chair at the freed Monday 09:00.</summary>
    private async Task<List<Appointment>> BookedAtFreedTimeAsync(WaitlistScene scene)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinic = Guid.Parse(scene.Desk.ClinicId);
        var start = Instant.FromUtc(2026, 12, 7, 14, 0);
        return await db
            .Appointments.AsNoTracking()
            .Where(a => a.ClinicId == clinic && a.StartInstant == start && a.Status != AppointmentStatus.Cancelled)
            .ToListAsync();
    }
}
