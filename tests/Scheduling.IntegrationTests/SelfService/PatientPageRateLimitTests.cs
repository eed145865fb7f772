using System.Net;
using Microsoft.AspNetCore.Hosting;
using Scheduling.Domain.Surveys;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.SelfService;

/// <summary>
/// The patient's page shares the public endpoints' limit per client address: guessing links at speed gets 429s.
/// </summary>
public sealed class PatientPageRateLimitTests(PatientPageRateLimitTests.StrictApp app)
    : IClassFixture<PatientPageRateLimitTests.StrictApp>
{
    private const int PerMinute = 5;

    [Fact]
    public async Task PatientPage_Returns429_OnceAClientExceedsThePublicLimit()
    {
        using var client = app.CreateBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= PerMinute; i++)
        {
            statuses.Add(
                (await client.GetAsync(new Uri($"/p/{SurveyToken.Mint().Token}", UriKind.Relative))).StatusCode
            );
        }

        Assert.All(statuses.Take(PerMinute), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    public sealed class StrictApp : SchedulingApp
    {
        protected override void ConfigureSettings(IWebHostBuilder builder) =>
            builder.UseSetting(
                "RateLimits:PublicRequestsPerMinute",
                PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)
            );
    }
}
