using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class ClinicApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    [Fact]
    public async Task Create_Returns201WithChairsHoursAndDefaultWindow_ForAdmin()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var clinic = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(chairs: 3));

        Assert.Equal(3, clinic.GetProperty("chairs").GetInt32());
        Assert.Equal("America/New_York", clinic.GetProperty("timeZone").GetString());
        Assert.Equal("+12025550100", clinic.GetProperty("phone").GetString());
        Assert.Equal("08:00", clinic.GetProperty("sendingWindow").GetProperty("start").GetString());
        Assert.Equal(6, clinic.GetProperty("openingHours").GetArrayLength());
        Assert.Equal("+12025550199", clinic.GetProperty("onCall")[0].GetProperty("phone").GetString());
        var fetched = await admin.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/clinics/{clinic.GetProperty("id").GetString()}", UriKind.Relative)
        );
        Assert.Equal(clinic.GetProperty("name").GetString(), fetched.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_Returns400NamingEveryBadField_AndWritesNothing()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var before = await ClinicCountAsync();

        var response = await admin.PostAsJsonAsync(
            new Uri("/api/clinics", UriKind.Relative),
            new
            {
                name = "",
                timeZone = "Mars/Olympus_Mons",
                phone = "12",
                chairs = 0,
                openingHours = new[]
                {
                    new
                    {
                        day = "Funday",
                        open = "18:00",
                        close = "08:00",
                    },
                },
                closedDates = new[] { "2026-02-30" },
                sendingWindow = new { start = "21:00", end = "07:00" },
                onCall = new[]
                {
                    new
                    {
                        name = "X",
                        email = "not-an-email",
                        phone = "abc",
                    },
                },
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            [
                "chairs",
                "closedDates[0]",
                "name",
                "onCall[0].email",
                "onCall[0].phone",
                "openingHours[0].close",
                "openingHours[0].day",
                "phone",
                "sendingWindow.end",
                "timeZone",
            ],
            problem.ErrorFields().Order(StringComparer.Ordinal)
        );
        Assert.Equal(before, await ClinicCountAsync());
    }

    [Fact]
    public async Task Create_Returns400NamingTheField_WhenATypeIsWrong()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        using var body = new StringContent(
            """{"name":"A","timeZone":"UTC","phone":"+12025550100","chairs":"two"}""",
            System.Text.Encoding.UTF8,
            "application/json"
        );

        var response = await admin.PostAsync(new Uri("/api/clinics", UriKind.Relative), body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("chairs", problem.ErrorFields());
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Ops)]
    public async Task Create_Returns403_ForRolesOtherThanAdmin(string role)
    {
        using var client = await SignIn.ApiClientAsync(app, role);

        var response = await client.PostAsJsonAsync(
            new Uri("/api/clinics", UriKind.Relative),
            ApiFixtures.NewYorkClinic()
        );

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_Returns404ProblemDetails_ForAnUnknownId()
    {
        using var client = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        var response = await client.GetAsync(new Uri($"/api/clinics/{Guid.NewGuid()}", UriKind.Relative));

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_Returns401_WithoutSignIn()
    {
        using var client = app.CreateClient();

        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await client.GetAsync(new Uri("/api/clinics", UriKind.Relative))).StatusCode
        );
    }

    [Fact]
    public async Task CancelNotice_IsPT24HByDefault_AndRoundTripsThroughPostGetAndPut()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var plain = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: "Default Notice Clinic"));
        Assert.Equal("PT24H", plain.GetProperty("cancelNotice").GetString());

        var body = JsonSerializer.SerializeToNode(ApiFixtures.NewYorkClinic(name: "Two Day Notice Clinic"))!.AsObject();
        body["cancelNotice"] = "P2D";
        var created = await admin.CreatedAsync("/api/clinics", body);
        var uri = new Uri($"/api/clinics/{created.GetProperty("id").GetString()}", UriKind.Relative);
        Assert.Equal("PT48H", created.GetProperty("cancelNotice").GetString());
        var fetched = await admin.GetFromJsonAsync<JsonElement>(uri);
        Assert.Equal("PT48H", fetched.GetProperty("cancelNotice").GetString());

        var edit = JsonSerializer.SerializeToNode(fetched)!.AsObject();
        edit["cancelNotice"] = "PT6H30M";
        var edited = await (await admin.PutAsJsonAsync(uri, edit)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PT6H30M", edited.GetProperty("cancelNotice").GetString());
        edit.Remove("cancelNotice");
        var unchanged = await admin.PutAsJsonAsync(uri, edit);
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(
            "PT6H30M",
            (await admin.GetFromJsonAsync<JsonElement>(uri)).GetProperty("cancelNotice").GetString()
        );
        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Clinics.SingleAsync(c => c.Id == created.GetProperty("id").GetGuid());
        Assert.Equal(NodaTime.Duration.FromMinutes(390), stored.CancelNotice);
    }

    [Theory]
    [InlineData("-PT1H")]
    [InlineData("P31D")]
    [InlineData("a day")]
    public async Task CancelNotice_Returns400NamingIt_WhenNegativeTooLongOrNotADuration_AndChangesNothing(string notice)
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);
        var created = await admin.CreatedAsync("/api/clinics", ApiFixtures.NewYorkClinic(name: $"Notice {notice}"));
        var uri = new Uri($"/api/clinics/{created.GetProperty("id").GetString()}", UriKind.Relative);
        var before = await ClinicCountAsync();
        var body = JsonSerializer.SerializeToNode(ApiFixtures.NewYorkClinic(name: "Refused Notice Clinic"))!.AsObject();
        body["cancelNotice"] = notice;

        var posted = await admin.PostAsJsonAsync(new Uri("/api/clinics", UriKind.Relative), body);
        var edit = JsonSerializer.SerializeToNode(created)!.AsObject();
        edit["cancelNotice"] = notice;
        var put = await admin.PutAsJsonAsync(uri, edit);

        Assert.Equal(["cancelNotice"], (await posted.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["cancelNotice"], (await put.ProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(before, await ClinicCountAsync());
        Assert.Equal("PT24H", (await admin.GetFromJsonAsync<JsonElement>(uri)).GetProperty("cancelNotice").GetString());
    }

    private async Task<int> ClinicCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SchedulingDbContext>().Clinics.CountAsync();
    }
}
