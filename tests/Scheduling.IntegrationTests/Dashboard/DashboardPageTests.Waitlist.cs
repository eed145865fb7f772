using System.Net;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Dashboard;

/// <summary>The Waitlist page: add from the form (bad input named, nothing added), withdraw; patient page.</summary>
public sealed partial class DashboardPageTests
{
    [Fact]
    public async Task TheWaitlistPage_AddsAndWithdraws_AndThePatientPageShowsTheEntry()
    {
        using var booking = await BookingClient.CreateAsync(app);
        using var browser = await SignIn.BrowserAsync(app, Roles.FrontDesk);
        var list = $"/waitlist?clinicId={booking.ClinicId}";
        Dictionary<string, string> Entry(string latest) =>
            new()
            {
                ["ClinicId"] = booking.ClinicId,
                ["Form.PatientId"] = booking.PatientId,
                ["Form.TemplateCode"] = "ketamine-booster",
                ["Form.Earliest"] = "2026-12-07",
                ["Form.Latest"] = latest,
                ["Form.NotBefore"] = "09:00",
            };

        var refused = await PostFormAsync(browser, list, "/waitlist?handler=Add", Entry("2026-12-01"));
        Assert.Contains(
            "The latest date cannot be before the earliest.",
            await refused.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Empty((await booking.GetAsync($"/api/waitlist?clinicId={booking.ClinicId}")).EnumerateArray());

        var added = await PostFormAsync(browser, list, "/waitlist?handler=Add", Entry("2026-12-18"));
        Assert.Contains(
            "The patient is on the waitlist.",
            await added.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        var entry = Assert.Single(
            (await booking.GetAsync($"/api/waitlist?clinicId={booking.ClinicId}")).EnumerateArray()
        );
        Assert.Equal("09:00", entry.GetProperty("notBefore").GetString());
        var patientPage = await browser.GetStringAsync(new Uri($"/patients/{booking.PatientId}", UriKind.Relative));
        Assert.Contains("2026-12-07 to 2026-12-18", patientPage, StringComparison.Ordinal);

        var withdrawn = await PostFormAsync(
            browser,
            list,
            "/waitlist?handler=Withdraw",
            new() { ["ClinicId"] = booking.ClinicId, ["entryId"] = entry.GetProperty("id").GetString()! }
        );
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains(
            "The entry is withdrawn.",
            await withdrawn.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        var after = Assert.Single(
            (await booking.GetAsync($"/api/waitlist?clinicId={booking.ClinicId}")).EnumerateArray()
        );
        Assert.Equal("Withdrawn", after.GetProperty("state").GetString());
    }
}
