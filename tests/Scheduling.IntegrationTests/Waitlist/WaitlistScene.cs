using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Waitlist;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Waitlist;

/// <summary>
/// A one-chair clinic whose Monday 09:00 session is booked for one patient, and patients waiting for a booster in the
/// week of it, added a minute apart (so their order is their age): what the waitlist tests start from.
/// </summary>
internal sealed class WaitlistScene(MessagingApp app, BookingClient desk, Guid session) : IDisposable
{
    /// <summary>Tuesday 1 December 2026, 10:00 in New York: inside the sending window.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 12, 1, 15, 0);

    public const string Booster = "ketamine-booster";
    public const string FreedStart = "2026-12-07T09:00";

    private static int _phones;

    public BookingClient Desk { get; } = desk;

    /// <summary>The booked Monday 09:00 session whose cancellation frees the chair.</summary>
    public Guid Session { get; } = session;

    public List<(string PatientId, string Phone, string EntryId)> Waiting { get; } = [];

    public static async Task<WaitlistScene> CreateAsync(MessagingApp app, int waiting)
    {
        app.Clock.Reset(Start);
        var desk = await BookingClient.CreateAsync(app, chairs: 1);
        var series = await desk.Http.CreatedAsync("/api/series", desk.Series(Booster, FreedStart));
        var session = Guid.Parse(series.GetProperty("sessions")[0].GetProperty("id").GetString()!);
        var scene = new WaitlistScene(app, desk, session);
        for (var i = 0; i < waiting; i++)
        {
            await scene.AddWaitingAsync($"Waiting{i}");
        }

        return scene;
    }

    public async Task AddWaitingAsync(string lastName)
    {
        app.Clock.Advance(Duration.FromMinutes(1));
        var phone = $"+1202555{Interlocked.Increment(ref _phones) + 400:D4}";
        var patient = await Desk.NewPatientAsync(lastName, phone);
        var entry = await Desk.Http.CreatedAsync(
            "/api/waitlist",
            new
            {
                patientId = patient,
                clinicId = Desk.ClinicId,
                templateCode = Booster,
                earliest = "2026-12-07",
                latest = "2026-12-11",
                notBefore = "08:00",
                notAfter = "12:00",
            }
        );
        Waiting.Add((patient, phone, entry.GetProperty("id").GetString()!));
    }

    public async Task CancelAsync()
    {
        var cancelled = await Desk.PostAsync($"/api/appointments/{Session}/cancel", new { reason = "Patient ill" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    /// <summary>One offer round, as the recurring job runs it, then the dispatcher sends what it planned.</summary>
    public async Task OfferRoundAsync()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WaitlistOfferJob>().RunAsync(CancellationToken.None);
        }

        await app.DispatchAsync();
    }

    public bool Offered(string phone) =>
        app.Twilio.Messages.Any(m => m.To == phone && m.Form["Body"].Contains("Reply YES", StringComparison.Ordinal));

    public async Task<string> ReplyAsync(string phone, string body = "YES")
    {
        var reply = await app.PostAsTwilioAsync(
            "/webhooks/twilio/sms",
            new()
            {
                ["MessageSid"] = $"SM{Guid.NewGuid():N}",
                ["AccountSid"] = Fakes.FakeTwilioServer.DefaultAccountSid,
                ["From"] = phone,
                ["To"] = MessagingApp.SmsFrom,
                ["Body"] = body,
            }
        );
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return await reply.Content.ReadAsStringAsync();
    }

    public async Task<string> StateAsync(string entryId)
    {
        var entries = await Desk.GetAsync($"/api/waitlist?clinicId={Desk.ClinicId}");
        return entries
            .EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == entryId)
            .GetProperty("state")
            .GetString()!;
    }

    public void Dispose() => Desk.Dispose();
}
