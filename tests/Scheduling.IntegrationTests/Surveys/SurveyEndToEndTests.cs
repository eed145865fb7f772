using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduling.IntegrationTests.Surveys;

/// <summary>
/// The symptom-score loop through the real web host with its worker running (the dispatcher loop, not
/// test-driven rounds), PostgreSQL, an SMTP server and a Twilio-compatible server: a series is booked,
/// time passes, the survey link arrives by SMS, the patient answers item 9 with 1, and the on-call
/// clinician's SMS and email are accepted by the providers at once: urgent, due the instant the alert was raised and
/// sent on their first attempt with the tests' clock standing still, so neither waited for the sending window, a
/// retry or the repage job. How many seconds that takes on a machine is a measurement, not a rule: the test prints it
/// (and the simulation's `Item9PagedWithin60s` holds the 60 s of the rule in simulated time, docs/simulation.md).
/// </summary>
public sealed class SurveyEndToEndTests(MessagingAppWithWorker app, ITestOutputHelper output)
    : IClassFixture<MessagingAppWithWorker>
{
    private const string OnCallPhone = "+12025550199";
    private const string OnCallEmail = "oncall@clinic.test";
    private static readonly Instant MorningInNewYork = Instant.FromUtc(2026, 11, 26, 15, 0);

    /// <summary>
    /// How long the test waits for something the worker does; longer than any rule it checks, so a miss is measured,
    /// not cut off.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SelfHarmAnswer_ReachesTheOnCallBySmsAndEmailAtOnce_TheAlertStaysOpen_TheLinkWorksOnce()
    {
        app.Clock.Reset(MorningInNewYork);
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        var patient = Guid.Parse(desk.PatientId);
        var baseline = await DbAsync(db =>
            db.Surveys.AsNoTracking()
                .SingleAsync(s =>
                    s.PatientId == patient && s.Instrument == Instrument.Phq9 && s.Occasion == SurveyOccasion.Baseline
                )
        );

        app.Clock.Reset(baseline.DueAt);
        var invitation = await EventuallyAsync(() =>
            DbAsync(db =>
                db.Messages.AsNoTracking()
                    .SingleOrDefaultAsync(m => m.SurveyId == baseline.Id && m.State == MessageState.Sent)
            )
        );
        var sms = app.Twilio.Messages.Single(m => m.Sid == invitation.ProviderId);
        Assert.Equal("+12025550111", sms.To);
        var token = SurveyPage.TokenIn(sms.Form["Body"]);
        Assert.NotNull(token);

        using var phone = app.CreateBrowser();
        var (form, formBody) = await SurveyPage.GetAsync(phone, token);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var submitted = DateTimeOffset.UtcNow;
        var (answered, thanks) = await SurveyPage.PostAsync(
            phone,
            token,
            SurveyPage.Phq9(item9: 1),
            SurveyPage.AntiforgeryIn(formBody)
        );
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("call or text 988", thanks, StringComparison.Ordinal);

        var alert = await DbAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.SurveyId == baseline.Id));
        var page = await EventuallyAsync(() =>
            Task.FromResult(
                app.Twilio.Messages.FirstOrDefault(m =>
                    m.To == OnCallPhone && m.Form["Body"].Contains(alert.Id.ToString(), StringComparison.Ordinal)
                )
            )
        );
        var mail = await EventuallyAsync(() =>
            Task.FromResult(
                app.Smtp.Received.FirstOrDefault(r =>
                    r.To.Contains(OnCallEmail)
                    && (r.Message.TextBody ?? "").Contains(alert.Id.ToString(), StringComparison.Ordinal)
                )
            )
        );

        output.WriteLine(
            $"On-call SMS accepted {(page.Created - submitted).TotalMilliseconds:F0} ms and "
                + $"email {(mail.At - submitted).TotalMilliseconds:F0} ms after the answer was sent."
        );
        var pages = await DbAsync(db => db.Messages.AsNoTracking().Where(m => m.AlertId == alert.Id).ToListAsync());
        Assert.Equal([Channel.Email, Channel.Sms], pages.Select(m => m.Channel).Order());
        Assert.All(pages, m =>
            Assert.Equal(
                (true, alert.CreatedAt, MessageState.Sent, 1, (Instant?)alert.CreatedAt),
                (m.Urgent, m.DueAt, m.State, m.Attempts, m.SentAt)
            )
        );
        Assert.Equal(page.Sid, pages.Single(m => m.Channel == Channel.Sms).ProviderId);
        Assert.DoesNotContain("Alex", page.Form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Rivera", page.Form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Rivera", mail.Message.Subject + mail.Message.TextBody, StringComparison.Ordinal);

        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);
        var open = await clinician.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts?state=open", UriKind.Relative));
        Assert.Contains(open.EnumerateArray(), a =>
            a.GetProperty("id").GetString() == alert.Id.ToString()
            && a.GetProperty("patientId").GetString() == desk.PatientId
            && a.GetProperty("kind").GetString() == "SelfHarmRisk"
        );

        var (reused, reusedBody) = await SurveyPage.GetAsync(phone, token);
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Contains("already been answered", reusedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Rivera", reusedBody, StringComparison.Ordinal);
    }

    private async Task<T> DbAsync<T>(Func<SchedulingDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SchedulingDbContext>());
    }

    /// <summary>
    /// Polls until the probe finds something, for at most <see cref="Patience"/>; the caller asserts on recorded times,
    /// not on how long this took.
    /// </summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(waited.Elapsed < Patience, $"Nothing after {Patience.TotalSeconds} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
