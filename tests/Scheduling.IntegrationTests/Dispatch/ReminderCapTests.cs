using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dispatch;

/// <summary>
/// The frequency caps with the default settings (docs/domain.md, "Time"; docs/api-contract.md, "Nothing
/// silent"): every reminder a built-in template plans is previewed as going and is sent; two series at
/// once are held back, shown as held in the preview and on the patient page, and suppressed as shown.
/// </summary>
public sealed class ReminderCapTests(MessagingApp app) : IClassFixture<MessagingApp>
{
    /// <summary>An IV induction as dense as its protocol allows: six sessions on consecutive days.</summary>
    public static readonly string[] DenseIvInduction =
    [
        "2026-12-07T09:00",
        "2026-12-08T09:00",
        "2026-12-09T09:00",
        "2026-12-10T09:00",
        "2026-12-11T09:00",
        "2026-12-12T09:00",
    ];

    private static readonly string[] AfternoonIvInduction =
    [
        "2026-12-07T14:00",
        "2026-12-08T14:00",
        "2026-12-09T14:00",
        "2026-12-10T14:00",
        "2026-12-11T14:00",
        "2026-12-12T11:00",
    ];

    [Theory]
    [InlineData(BuiltInTemplates.KetamineIvInduction)]
    [InlineData(BuiltInTemplates.KetamineBooster)]
    [InlineData(BuiltInTemplates.EsketamineInduction)]
    [InlineData(BuiltInTemplates.EsketamineMaintenance)]
    public async Task Preview_OfABuiltInTemplate_HoldsNoMessage_WithTheDefaultCaps(string template)
    {
        using var desk = await DeskAsync();

        var messages = await PreviewAsync(desk, desk.Series(template, "2026-12-07T09:00"));

        Assert.Contains(messages, m => KindAndChannel(m) == ("Reminder", "Sms"));
        Assert.All(messages, m => Assert.False(m.GetProperty("held").GetBoolean()));
        Assert.All(messages, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("reason").ValueKind));
    }

    [Fact]
    public async Task Dispatch_WithTheDefaultCaps_SendsEveryReminderOfADenseIvInduction()
    {
        using var desk = await DeskAsync();
        var body = desk.Series(BuiltInTemplates.KetamineIvInduction, DenseIvInduction[0], DenseIvInduction);
        Assert.All(await PreviewAsync(desk, body), m => Assert.False(m.GetProperty("held").GetBoolean()));
        await desk.Http.CreatedAsync("/api/series", body);

        await ReminderCapFlow.DispatchEverythingDueAsync(app, Guid.Parse(desk.PatientId));

        var reminders = await ReminderCapFlow.RemindersAsync(app, Guid.Parse(desk.PatientId));
        Assert.Equal(12, reminders.Count(m => m.Channel == Channel.Sms));
        Assert.Equal(6, reminders.Count(m => m.Channel == Channel.Email));
        Assert.All(reminders, m => Assert.Equal((MessageState.Sent, null), (m.State, m.Reason)));
        Assert.All(reminders, m => Assert.False(string.IsNullOrEmpty(m.ProviderId)));
    }

    [Fact]
    public async Task TwoSeriesAtOnce_AreHeldBack_AsThePreviewAndThePatientPageSay()
    {
        using var desk = await DeskAsync();
        var patient = Guid.Parse(desk.PatientId);
        var first = desk.Series(BuiltInTemplates.KetamineIvInduction, DenseIvInduction[0], DenseIvInduction);
        var firstSessions = (await desk.Http.CreatedAsync("/api/series", first))
            .GetProperty("sessions")
            .EnumerateArray()
            .Select(s => s.GetProperty("id").GetGuid())
            .ToHashSet();
        var second = desk.Series(BuiltInTemplates.KetamineIvInduction, AfternoonIvInduction[0], AfternoonIvInduction);

        var preview = await PreviewAsync(desk, second);

        var heldInPreview = preview.Where(m => m.GetProperty("held").GetBoolean()).ToList();
        Assert.NotEmpty(heldInPreview);
        Assert.All(heldInPreview, m => Assert.Equal(ReminderCaps.Reason, m.GetProperty("reason").GetString()));
        Assert.All(heldInPreview, m => Assert.Equal(("Reminder", "Sms"), KindAndChannel(m)));
        await desk.Http.CreatedAsync("/api/series", second);
        var onThePage = await ReminderCapFlow.HeldOnThePatientPageAsync(app, patient);

        await ReminderCapFlow.DispatchEverythingDueAsync(app, patient);

        var reminders = await ReminderCapFlow.RemindersAsync(app, patient);
        var capped = reminders.Where(m => m.Reason == ReminderCaps.Reason).ToList();
        Assert.All(capped, m => Assert.Equal((MessageState.Suppressed, Channel.Sms), (m.State, m.Channel)));
        Assert.Equal(24 - 14, capped.Count);
        Assert.Equal(capped.Count, onThePage);
        Assert.Equal(
            heldInPreview.Select(m => m.GetProperty("dueInstant").GetString()).Order(StringComparer.Ordinal),
            capped.Select(m => Wire(m.DueAt)).Order(StringComparer.Ordinal)
        );

        // The first series' reminders that the second pushes over a cap are in its preview, with their session.
        var displaced = heldInPreview.Where(m => m.GetProperty("appointmentId").ValueKind == JsonValueKind.String);
        Assert.Equal(
            capped.Select(m => m.AppointmentId!.Value).Where(firstSessions.Contains).Order(),
            displaced.Select(m => m.GetProperty("appointmentId").GetGuid()).Order()
        );
        Assert.Contains(capped, m => firstSessions.Contains(m.AppointmentId!.Value));
        Assert.All(reminders.Except(capped), m => Assert.Equal(MessageState.Sent, m.State));
    }

    private async Task<BookingClient> DeskAsync()
    {
        app.Clock.Reset(SchedulingApp.Start);
        return await BookingClient.CreateAsync(app, chairs: 1);
    }

    internal static string Wire(Instant instant) => InstantPattern.General.Format(instant);

    private static (string?, string?) KindAndChannel(JsonElement m) =>
        (m.GetProperty("kind").GetString(), m.GetProperty("channel").GetString());

    internal static async Task<List<JsonElement>> PreviewAsync(BookingClient desk, object body)
    {
        var response = await desk.PostAsync("/api/series/preview", body);
        response.EnsureSuccessStatusCode();
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(preview.GetProperty("canBook").GetBoolean(), preview.ToString());
        return [.. preview.GetProperty("messages").EnumerateArray()];
    }
}

/// <summary>
/// The caps set as low as they were before (1 a day, 3 a week), in the web host's own configuration: the
/// preview lists what they hold with the reason, the booking page and the patient page show it, and the
/// dispatcher holds back exactly that.
/// </summary>
public sealed partial class LowReminderCapTests(LowReminderCapTests.LowCapsApp app)
    : IClassFixture<LowReminderCapTests.LowCapsApp>
{
    public sealed class LowCapsApp : MessagingApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Messaging:Dispatch:ReminderSmsPerDay", "1");
            builder.UseSetting("Messaging:Dispatch:ReminderSmsPerWeek", "3");
        }
    }

    [Fact]
    public async Task WhatThePreviewListsAsHeld_IsWhatTheDispatcherSuppresses()
    {
        app.Clock.Reset(SchedulingApp.Start);
        using var desk = await BookingClient.CreateAsync(app, chairs: 1);
        var patient = Guid.Parse(desk.PatientId);
        var body = desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00");

        var preview = await ReminderCapTests.PreviewAsync(desk, body);
        var held = preview.Where(m => m.GetProperty("held").GetBoolean()).ToList();
        Assert.NotEmpty(held);
        Assert.All(held, m => Assert.Equal(ReminderCaps.Reason, m.GetProperty("reason").GetString()));
        Assert.All(preview.Except(held), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("reason").ValueKind));
        await desk.Http.CreatedAsync("/api/series", body);
        Assert.Equal(held.Count, await ReminderCapFlow.HeldOnThePatientPageAsync(app, patient));
        var listed = (await desk.GetAsync($"/api/patients/{patient}/messages")).EnumerateArray().ToList();
        var listedHeld = listed.Where(m => m.GetProperty("held").GetBoolean()).ToList();
        Assert.All(listedHeld, m =>
            Assert.Equal(
                ("Planned", ReminderCaps.Reason),
                (m.GetProperty("state").GetString(), m.GetProperty("reason").GetString())
            )
        );
        Assert.Equal(
            held.Select(m => m.GetProperty("dueInstant").GetString()).Order(StringComparer.Ordinal),
            listedHeld.Select(m => m.GetProperty("dueInstant").GetString()).Order(StringComparer.Ordinal)
        );

        await ReminderCapFlow.DispatchEverythingDueAsync(app, patient);

        var reminders = await ReminderCapFlow.RemindersAsync(app, patient);
        var capped = reminders.Where(m => m.Reason == ReminderCaps.Reason).ToList();
        Assert.All(capped, m => Assert.Equal(MessageState.Suppressed, m.State));
        Assert.Equal(
            held.Select(m => m.GetProperty("dueInstant").GetString()).Order(StringComparer.Ordinal),
            capped.Select(m => ReminderCapTests.Wire(m.DueAt)).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task TheBookingPage_ShowsWhatACapWillHoldBack_WithItsReason()
    {
        app.Clock.Reset(SchedulingApp.Start);
        using var desk = await BookingClient.CreateAsync(app, chairs: 1);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var page = $"/patients/{desk.PatientId}/book";
        var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        using var form = new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token().Match(html).Groups["token"].Value,
                ["Input.TemplateCode"] = BuiltInTemplates.KetamineIvInduction,
                ["Input.FirstStart"] = "2026-12-07T09:00",
            }
        );

        var response = await browser.PostAsync(new Uri($"{page}?handler=Preview", UriKind.Relative), form);

        var shown = await response.Content.ReadAsStringAsync();
        Assert.Contains("held back by a frequency cap", shown, StringComparison.Ordinal);
        Assert.Contains($"<td>{ReminderCaps.Reason}</td>", shown, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>Steps shared by the cap tests: the clock moved through every due message, and what came of it.</summary>
internal static class ReminderCapFlow
{
    /// <summary>The clock moved to each of the patient's due instants in turn, with a dispatch round at each.</summary>
    public static async Task DispatchEverythingDueAsync(MessagingApp app, Guid patient)
    {
        List<Instant> dues;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            dues = await db
                .Messages.Where(m => m.PatientId == patient)
                .Select(m => m.DueAt)
                .Distinct()
                .OrderBy(d => d)
                .ToListAsync();
        }

        foreach (var due in dues.Where(d => d >= app.Clock.GetCurrentInstant()))
        {
            app.Clock.Reset(due);
            await app.DispatchAsync();
        }
    }

    public static async Task<List<PlannedMessage>> RemindersAsync(MessagingApp app, Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        return await db
            .Messages.AsNoTracking()
            .Where(m => m.PatientId == patient && m.Kind == MessageKind.Reminder)
            .ToListAsync();
    }

    /// <summary>How many planned messages the patient page shows as held by a cap, with the reason.</summary>
    public static async Task<int> HeldOnThePatientPageAsync(MessagingApp app, Guid patient)
    {
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var html = await browser.GetStringAsync(new Uri($"/patients/{patient}", UriKind.Relative));
        return Regex.Count(html, $"<td>Planned, will be held</td>\\s*<td>{ReminderCaps.Reason}</td>");
    }
}
