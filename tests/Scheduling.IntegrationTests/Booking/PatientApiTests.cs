using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class PatientApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private async Task<(HttpClient Client, string ClinicId)> FrontDeskWithClinicAsync()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic());
        return (await SignIn.ApiClientAsync(app, Roles.FrontDesk), clinic.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Register_StoresPhoneAsE164_ZoneFromClinic_AndConsentInTheLedger()
    {
        var (client, clinicId) = await FrontDeskWithClinicAsync();

        var patient = await client.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId, "Okafor", sms: false));

        Assert.Equal("+12025550111", patient.GetProperty("phone").GetString());
        Assert.Equal("America/New_York", patient.GetProperty("timeZone").GetString());
        Assert.True(patient.GetProperty("consent").GetProperty("email").GetBoolean());
        Assert.False(patient.GetProperty("consent").GetProperty("sms").GetBoolean());
        var ledger = patient.GetProperty("consentLedger").EnumerateArray().ToList();
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger, entry => Assert.Equal("FrontDesk", entry.GetProperty("source").GetString()));
        Assert.All(ledger, entry => Assert.False(string.IsNullOrEmpty(entry.GetProperty("recordedBy").GetString())));
    }

    [Fact]
    public async Task Search_FindsByNameEmailAndPhoneDigits()
    {
        var (client, clinicId) = await FrontDeskWithClinicAsync();
        var created = await client.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId, "Haddad"));
        var id = created.GetProperty("id").GetString();

        foreach (var query in new[] { "hadd", "Alex Haddad", "alex.haddad@", "555-0111" })
        {
            var found = await client.GetFromJsonAsync<JsonElement>(
                new Uri($"/api/patients?query={Uri.EscapeDataString(query)}", UriKind.Relative)
            );
            Assert.Contains(found.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        }
    }

    [Fact]
    public async Task Get_IsAudited_WithTheReadersId()
    {
        var (client, clinicId) = await FrontDeskWithClinicAsync();
        var id = Guid.Parse(
            (await client.CreatedAsync("/api/patients", ApiFixtures.Patient(clinicId, "Silva")))
                .GetProperty("id")
                .GetString()!
        );
        using var clinician = await SignIn.ApiClientAsync(app, Roles.Clinician);

        Assert.Equal(
            HttpStatusCode.OK,
            (await clinician.GetAsync(new Uri($"/api/patients/{id}", UriKind.Relative))).StatusCode
        );

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinicianId = (await db.Users.SingleAsync(u => u.Email == SchedulingApp.EmailFor(Roles.Clinician))).Id;
        Assert.True(
            await db.AuditEvents.AnyAsync(a => a.PatientId == id && a.Action == "viewed" && a.Actor == clinicianId)
        );
        Assert.True(await db.AuditEvents.AnyAsync(a => a.PatientId == id && a.Action == "created"));
    }

    [Fact]
    public async Task Register_Returns400NamingEveryBadField_AndWritesNothing()
    {
        var (client, clinicId) = await FrontDeskWithClinicAsync();

        var response = await client.PostAsJsonAsync(
            new Uri("/api/patients", UriKind.Relative),
            new
            {
                clinicId,
                firstName = "",
                lastName = "Lee",
                dateOfBirth = "2999-01-01",
                email = "lee@",
                phone = "555",
                timeZone = "Nowhere/Land",
                consent = new { email = true },
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["consent.sms", "dateOfBirth", "email", "firstName", "phone", "timeZone"],
            problem.ErrorFields().Order(StringComparer.Ordinal)
        );
        var found = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/patients?query=Lee", UriKind.Relative));
        Assert.Equal(0, found.GetArrayLength());
    }

    [Fact]
    public async Task Register_Returns400_ForAnUnknownClinic()
    {
        var (client, _) = await FrontDeskWithClinicAsync();

        var response = await client.PostAsJsonAsync(
            new Uri("/api/patients", UriKind.Relative),
            ApiFixtures.Patient(Guid.NewGuid().ToString())
        );

        Assert.Contains("clinicId", (await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Register_Returns403_ForClinicianAndOps()
    {
        var (_, clinicId) = await FrontDeskWithClinicAsync();
        foreach (var role in new[] { Roles.Clinician, Roles.Ops })
        {
            using var client = await SignIn.ApiClientAsync(app, role);
            var response = await client.PostAsJsonAsync(
                new Uri("/api/patients", UriKind.Relative),
                ApiFixtures.Patient(clinicId)
            );
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Get_Returns404_ForAnUnknownPatient()
    {
        var (client, _) = await FrontDeskWithClinicAsync();

        await (await client.GetAsync(new Uri($"/api/patients/{Guid.NewGuid()}", UriKind.Relative))).ProblemAsync(
            HttpStatusCode.NotFound
        );
    }
}
