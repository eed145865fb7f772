using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Foundation;

public sealed class HealthAndOpenApiTests(SchedulingAppWithWorker app) : IClassFixture<SchedulingAppWithWorker>
{
    [Fact]
    public async Task Live_Answers200_WithoutSignIn()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_ReportsDatabaseSchemaAndHangfire_WithoutSignIn()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("hangfire").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheLoginEndpoint()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/auth/login", out var login));
        Assert.True(login.TryGetProperty("post", out _));
    }

    [Fact]
    public async Task UnknownApiRoute_AnswersProblemDetails_NotA500()
    {
        using var client = await SignIn.ApiClientAsync(app, Scheduling.Core.Identity.Roles.Admin);

        var response = await client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
