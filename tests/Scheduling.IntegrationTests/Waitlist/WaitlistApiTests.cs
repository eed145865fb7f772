using System.Net;
using System.Net.Http.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Waitlist;

/// <summary>POST, GET and DELETE /api/waitlist: the round trip, 400s that change nothing, 404s, Ops kept out.</summary>
public sealed class WaitlistApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task AnEntry_IsAdded_Listed_AndWithdrawnButKept()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var added = await desk.Http.CreatedAsync("/api/waitlist", Entry(desk));
        var id = added.GetProperty("id").GetString()!;
        Assert.Equal("Waiting", added.GetProperty("state").GetString());
        Assert.Equal("08:30", added.GetProperty("notBefore").GetString());

        var listed = await desk.GetAsync($"/api/waitlist?clinicId={desk.ClinicId}");
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal("Waiting", entry.GetProperty("state").GetString());

        var withdrawn = await desk.Http.DeleteAsync(new Uri($"/api/waitlist/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var after = Assert.Single((await desk.GetAsync($"/api/waitlist?clinicId={desk.ClinicId}")).EnumerateArray());
        Assert.Equal("Withdrawn", after.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("earliest", null, "2026-12-20", "08:30", "templateCode-ok")]
    [InlineData("latest", "2026-12-20", "2026-12-10", "08:30", "templateCode-ok")]
    [InlineData("notBefore", "2026-12-10", "2026-12-20", "half past eight", "templateCode-ok")]
    [InlineData("templateCode", "2026-12-10", "2026-12-20", "08:30", "no-such-template")]
    public async Task BadInput_Is400_NamingTheField_AndAddsNothing(
        string field,
        string? earliest,
        string latest,
        string notBefore,
        string template
    )
    {
        using var desk = await BookingClient.CreateAsync(app);
        var response = await desk.PostAsync(
            "/api/waitlist",
            new
            {
                patientId = desk.PatientId,
                clinicId = desk.ClinicId,
                templateCode = template == "templateCode-ok" ? "ketamine-booster" : template,
                earliest,
                latest,
                notBefore,
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await desk.GetAsync($"/api/waitlist?clinicId={desk.ClinicId}")).EnumerateArray());
    }

    [Fact]
    public async Task AnUnknownPatientOrClinic_Is404()
    {
        using var desk = await BookingClient.CreateAsync(app);

        var patient = await desk.PostAsync("/api/waitlist", Entry(desk, patientId: Guid.NewGuid().ToString()));
        var clinic = await desk.Http.GetAsync(new Uri($"/api/waitlist?clinicId={Guid.NewGuid()}", UriKind.Relative));
        var entry = await desk.Http.DeleteAsync(new Uri($"/api/waitlist/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, patient.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, clinic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
    }

    [Fact]
    public async Task Ops_AreRefused()
    {
        using var desk = await BookingClient.CreateAsync(app);
        using var ops = await SignIn.ApiClientAsync(app, Roles.Ops);

        var post = await ops.PostAsJsonAsync(new Uri("/api/waitlist", UriKind.Relative), Entry(desk));
        var get = await ops.GetAsync(new Uri($"/api/waitlist?clinicId={desk.ClinicId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
    }

    private static object Entry(BookingClient desk, string? patientId = null) =>
        new
        {
            patientId = patientId ?? desk.PatientId,
            clinicId = desk.ClinicId,
            templateCode = "ketamine-booster",
            earliest = "2026-12-10",
            latest = "2026-12-20",
            notBefore = "08:30",
            notAfter = "12:00",
        };
}
