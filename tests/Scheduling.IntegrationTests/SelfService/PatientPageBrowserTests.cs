using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Protocols;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.SelfService;

/// <summary>
/// The patient's page in a real Chromium with no sign-in: axe-core finds nothing serious on the page as opened, after
/// confirming, and after moving to an offered time (each a plain form post, no script).
/// </summary>
public sealed class PatientPageBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task PatientPage_PassesAxe_OpenedConfirmedAndMoved()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series(BuiltInTemplates.KetamineIvInduction, "2026-12-07T09:00")
        );
        var token = await LinkAsync(Guid.Parse(desk.PatientId));
        var context = await app.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                BaseURL = app.BaseAddress.ToString(),
                Locale = "en-US",
                ExtraHTTPHeaders = BrowserApp.ForwardedHttps,
            }
        );
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"/p/{token}");
        Assert.Equal(200, response?.Status);
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your visit", Exact = true }))
            .ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "40-patient-page");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my visit" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Thank you, your visit is confirmed.")).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "41-patient-page-confirmed");

        await page.GetByRole(AriaRole.Radio).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move my visit" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your visit has moved.")).ToBeVisibleAsync();
        await PageChecks.CheckAsync(page, "42-patient-page-moved");
        await context.CloseAsync();
    }

    /// <summary>A link to the patient's first session, as a reminder would have minted it.</summary>
    private async Task<string> LinkAsync(Guid patientId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var session = await db.Appointments.SingleAsync(a => a.PatientId == patientId && a.Number == 1);
        var (token, hash) = SurveyToken.Mint();
        db.PatientLinks.Add(
            new PatientLink
            {
                TokenHash = hash,
                AppointmentId = session.Id,
                MessageId = Guid.NewGuid(),
                CreatedAt = app.Clock.GetCurrentInstant(),
            }
        );
        await db.SaveChangesAsync();
        return token;
    }
}
