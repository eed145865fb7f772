using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.Core.Identity;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

public sealed class TemplateApiTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private static object WeeklyTemplate(string code) =>
        new
        {
            code,
            name = "Weekly IV (clinic protocol)",
            sessionCount = 4,
            sessionDuration = "PT1H40M",
            minDaysBetween = 6,
            maxDaysBetween = 8,
            reminders = new[]
            {
                new { channel = "Email", before = "PT72H" },
                new { channel = "Sms", before = "PT24H" },
            },
            followUps = new object[]
            {
                new
                {
                    kind = "PostSessionCheck",
                    after = "PT4H",
                    sessions = "each",
                },
                new
                {
                    kind = "Phq9",
                    after = "P7D",
                    sessions = new[] { 2, 4 },
                },
            },
        };

    [Fact]
    public async Task List_HasTheFourBuiltIns_ForAnySignedInRole()
    {
        using var client = await SignIn.ApiClientAsync(app, Roles.Clinician);

        var templates = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/templates", UriKind.Relative));

        var builtIns = templates
            .EnumerateArray()
            .Where(t => t.GetProperty("builtIn").GetBoolean())
            .Select(t => t.GetProperty("code").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "esketamine-induction",
                "esketamine-maintenance",
                "esketamine-maintenance-fortnightly",
                "esketamine-maintenance-weekly",
                "ketamine-booster",
                "ketamine-iv-induction",
            ],
            builtIns
        );
        var induction = templates
            .EnumerateArray()
            .Single(t => t.GetProperty("code").GetString() == "ketamine-iv-induction");
        Assert.Equal(6, induction.GetProperty("sessionCount").GetInt32());
        Assert.Equal("PT1H40M", induction.GetProperty("sessionDuration").GetString());
    }

    [Fact]
    public async Task Create_StoresRemindersAndFollowUps_AsGiven()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var created = await admin.CreatedAsync("/api/templates", WeeklyTemplate("weekly-iv"));

        Assert.False(created.GetProperty("builtIn").GetBoolean());
        Assert.Equal("PT72H", created.GetProperty("reminders")[0].GetProperty("before").GetString());
        Assert.Equal("Sms", created.GetProperty("reminders")[1].GetProperty("channel").GetString());
        Assert.Equal("each", created.GetProperty("followUps")[0].GetProperty("sessions").GetString());
        Assert.Equal(
            [2, 4],
            created.GetProperty("followUps")[1].GetProperty("sessions").EnumerateArray().Select(n => n.GetInt32())
        );
        Assert.Equal("PT168H", created.GetProperty("followUps")[1].GetProperty("after").GetString());
    }

    [Fact]
    public async Task Create_Returns409_WhenTheCodeIsTaken_IncludingABuiltInCode()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var response = await admin.PostAsJsonAsync(
            new Uri("/api/templates", UriKind.Relative),
            WeeklyTemplate("ketamine-iv-induction")
        );

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_Returns400NamingEveryBadField()
    {
        using var admin = await SignIn.ApiClientAsync(app, Roles.Admin);

        var response = await admin.PostAsJsonAsync(
            new Uri("/api/templates", UriKind.Relative),
            new
            {
                code = "Not A Code",
                name = "x",
                sessionCount = 3,
                sessionDuration = "P1M",
                minDaysBetween = 5,
                maxDaysBetween = 2,
                reminders = new[] { new { channel = "Fax", before = "PT-1H" } },
                followUps = new object[]
                {
                    new
                    {
                        kind = "Phq9",
                        after = "PT3H",
                        sessions = new[] { 9 },
                    },
                },
            }
        );

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            [
                "code",
                "followUps[0].sessions",
                "maxDaysBetween",
                "reminders[0].before",
                "reminders[0].channel",
                "sessionDuration",
            ],
            problem.ErrorFields().Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task Create_Returns403_ForFrontDesk()
    {
        using var client = await SignIn.ApiClientAsync(app, Roles.FrontDesk);

        var response = await client.PostAsJsonAsync(
            new Uri("/api/templates", UriKind.Relative),
            WeeklyTemplate("front-desk-try")
        );

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
