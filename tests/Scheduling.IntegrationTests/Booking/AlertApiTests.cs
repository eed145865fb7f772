using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Alerts;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class AlertApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>, IAsyncLifetime
{
    /// <summary>Each test starts from the fixture's first state, whatever the tests before it added.</summary>
    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> OpenAlertAsync()
    {
        using var desk = await BookingClient.CreateAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var alert = new SafetyAlert
        {
            PatientId = Guid.Parse(desk.PatientId),
            ClinicId = Guid.Parse(desk.ClinicId),
            Kind = AlertKind.SelfHarmRisk,
            CreatedAt = app.Clock.GetCurrentInstant(),
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        return alert.Id;
    }

    [Fact]
    public async Task OpenAlerts_AreListedForClinicians_UntilOneAcknowledges_WhichIsAudited()
    {
        var id = await OpenAlertAsync();
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var open = await clinician.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts?state=open", UriKind.Relative));
        Assert.Contains(open.EnumerateArray(), a =>
            a.GetProperty("id").GetString() == id.ToString() && a.GetProperty("kind").GetString() == "SelfHarmRisk"
        );

        var acknowledged = await clinician.PostAsJsonAsync(
            new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative),
            new { note = "Called the patient; safe." }
        );
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var after = await clinician.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts?state=open", UriKind.Relative));
        Assert.DoesNotContain(after.EnumerateArray(), a => a.GetProperty("id").GetString() == id.ToString());
        await (
            await clinician.PostAsJsonAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), new { })
        ).ProblemAsync(HttpStatusCode.Conflict);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(
            await scope
                .ServiceProvider.GetRequiredService<SchedulingDbContext>()
                .AuditEvents.AnyAsync(e => e.EntityId == id.ToString() && e.Action == "acknowledged")
        );
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Ops)]
    public async Task Alerts_Return403_ForRolesOtherThanClinicianAndAdmin(string role)
    {
        var id = await OpenAlertAsync();
        using var client = await SignIn.ApiClientAsync(app, role);

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await client.GetAsync(new Uri("/api/alerts?state=open", UriKind.Relative))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await client.PostAsJsonAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), new { })
            ).StatusCode
        );
    }

    [Fact]
    public async Task Alerts_Return400ForAnUnknownState_And404ForAnUnknownAlert()
    {
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Admin);

        Assert.Contains(
            "state",
            (
                await (await clinician.GetAsync(new Uri("/api/alerts?state=maybe", UriKind.Relative))).ProblemAsync(
                    HttpStatusCode.BadRequest
                )
            ).ErrorFields()
        );
        await (
            await clinician.PostAsJsonAsync(
                new Uri($"/api/alerts/{Guid.NewGuid()}/acknowledge", UriKind.Relative),
                new { }
            )
        ).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PatientSurveys_IsEmptyForANewPatient_And404ForAnUnknownOne()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var surveys = await desk.GetAsync($"/api/patients/{desk.PatientId}/surveys");

        Assert.Equal(JsonValueKind.Array, surveys.ValueKind);
        await (
            await desk.Http.GetAsync(new Uri($"/api/patients/{Guid.NewGuid()}/surveys", UriKind.Relative))
        ).ProblemAsync(HttpStatusCode.NotFound);
    }
}
